"""Figures known to miss their budget, each with the reason and a looser ceiling that still
guards against regressions. Keep this list short and honest; the performance page lists each one.
"""

WAIVERS: dict[str, dict] = {
    "mlp_step_ratio": {
        "ceiling": 2.5,
        "reason": (
            "The forward and backward passes are within budget (about 1.4x their matmuls), but "
            "Adam's update is a dozen elementwise passes over 270,000 float64 parameters, their "
            "moments and a scratch buffer. That is memory-bound work numpy cannot fuse, and on "
            "this machine it costs about two thirds of the matmul time by itself, so a step with "
            "Adam lands near 2x the BLAS bound. With plain SGD the same step is within budget."
        ),
    },
}
