"""Figures known to miss their budget, each with the reason and a looser ceiling that still
guards against regressions. Keep this list short and honest; the performance page lists each one.
"""

WAIVERS: dict[str, dict] = {
    "mlp_step_ratio": {
        "ceiling": 3.0,
        "reason": (
            "Against the eight matrix products the step needs, the forward and backward passes "
            "take about 1.4x, and Adam's update alone costs about as much as all the products: "
            "a dozen elementwise passes over 270,000 float64 parameters, their two moments and a "
            "scratch buffer, which numpy cannot fuse and runs on one core while the products use "
            "both. Cutting those passes means reordering Adam's arithmetic, which changes the "
            "last bits of every chapter trained with Adam; it has not been done yet. The step is "
            "still faster than PyTorch's float64 step on the same shapes where that is measured."
        ),
    },
    "conv_step_ratio": {
        "ceiling": 2.5,
        "reason": (
            "The three GEMMs use both cores; unfolding the input (im2col, one strided copy) and "
            "folding the gradient back (col2im, one vectorised addition per kernel offset) run on "
            "one and cost about as much again for a 3-channel 5x5 layer. Single-threaded the "
            "layer is within 1.4x of its GEMMs. Still faster than PyTorch's float64 convolution "
            "where that is measured."
        ),
    },
}
