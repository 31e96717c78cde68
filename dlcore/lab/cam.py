"""Class activation maps: where a global-average-pooling classifier found its evidence.

A network that ends in conv features A (K maps), global average pooling and a dense head W has
logits z_c = sum_k W[k, c] mean_ij A_k(i, j) + b_c = mean_ij M_c(i, j) + b_c, with the class
activation map M_c(i, j) = sum_k W[k, c] A_k(i, j) (Zhou et al. 2016). The map is free: no
location label was used in training. See chapter 33.
"""

from __future__ import annotations

import numpy as np


def class_activation_map(
    feature_maps: np.ndarray, head_weights: np.ndarray, classes, *, upsample: int = 1
) -> np.ndarray:
    """M_c(i, j) = sum_k W[k, c] A_k(i, j) for each example's class c.

    Parameters
    ----------
    feature_maps : ndarray (N, K, H, W), the maps that enter global average pooling
    head_weights : ndarray (K, n_classes), the dense head's ``W`` (dlcore's (in, out) layout)
    classes : int or int array (N,), the class whose map to return for each example
    upsample : int
        Repeat each map cell ``upsample`` times along both axes (nearest neighbour), to bring
        maps computed after pooling back to the input's pixel grid.

    Returns
    -------
    maps : ndarray (N, H * upsample, W * upsample); the mean of a map plus the head's bias is
        the class's logit. See chapter 33.
    """
    A = np.asarray(feature_maps, dtype=np.float64)
    head = np.asarray(head_weights, dtype=np.float64)
    if A.ndim != 4:
        raise ValueError(
            f"class_activation_map: expected feature maps (N, K, H, W), got shape {A.shape}"
        )
    if head.ndim != 2 or head.shape[0] != A.shape[1]:
        raise ValueError(
            f"class_activation_map: expected head weights of shape ({A.shape[1]}, n_classes), "
            f"got {head.shape}"
        )
    classes = np.broadcast_to(np.asarray(classes, dtype=int), (A.shape[0],))
    if classes.min() < 0 or classes.max() >= head.shape[1]:
        raise ValueError(
            f"class_activation_map: classes must lie in [0, {head.shape[1]}), got "
            f"{classes.min()}..{classes.max()}"
        )
    maps = np.einsum("nkij,kn->nij", A, head[:, classes])
    if upsample > 1:
        maps = maps.repeat(upsample, axis=1).repeat(upsample, axis=2)
    return maps


def map_peak(maps: np.ndarray) -> np.ndarray:
    """(row, column) of each map's maximum, in the map's own pixel grid.

    Parameters
    ----------
    maps : ndarray (N, H, W)

    Returns
    -------
    peaks : int ndarray (N, 2). See chapter 33.
    """
    maps = np.asarray(maps)
    flat = maps.reshape(maps.shape[0], -1).argmax(axis=1)
    return np.stack(np.unravel_index(flat, maps.shape[1:]), axis=1)


def map_centroid(maps: np.ndarray) -> np.ndarray:
    """(row, column) centre of mass of each map's positive part (N, H, W) -> (N, 2) floats.

    Steadier than the peak when a map has a flat top. A map with no positive value gets its
    peak instead. See chapter 33.
    """
    maps = np.asarray(maps, dtype=np.float64)
    positive = np.clip(maps, 0.0, None)
    mass = positive.sum(axis=(1, 2))
    rows, cols = np.indices(maps.shape[1:])
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = np.stack(
            [
                (positive * rows).sum(axis=(1, 2)) / mass,
                (positive * cols).sum(axis=(1, 2)) / mass,
            ],
            axis=1,
        )
    empty = mass <= 0
    if empty.any():
        centre[empty] = map_peak(maps[empty])
    return centre
