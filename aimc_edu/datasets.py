"""Digit data sets: scikit-learn's bundled 8x8 digits (offline) and MNIST (cached IDX files).

Images come as float arrays of shape (N, 1, H, W) with pixel intensities mapped linearly onto
[-1, 1] (centred inputs keep the sigmoid units of the FCN away from their flat tails and
speed up training markedly), labels as int64.
MNIST is never shipped with the package: :func:`load_mnist` reads the four standard IDX
files from a cache directory and, when allowed, downloads them there first, verifying
each file's MD5 checksum against the published list.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._validate import as_int, as_param

MNIST_MIRROR = "https://ossci-datasets.s3.amazonaws.com/mnist/"
"""PyTorch's public MNIST mirror (the one torchvision downloads from)."""

MNIST_FILES = {
    # name: (MD5 of the .gz archive as served by the mirror, MD5 of the decompressed IDX file)
    # Archive MD5s: torchvision's published list for this mirror. Payload MD5s: the widely
    # published checksums of the original uncompressed files (checked here for the t10k files).
    "train-images-idx3-ubyte.gz": ("f68b3c2dcbeaaa9fbdd348bbdeb94873", "6bbc9ace898e44ae57da46a324031adb"),
    "train-labels-idx1-ubyte.gz": ("d53e105ee54ea40749a09fcbcd1e9432", "a25bea736e30d166cdddb491f175f624"),
    "t10k-images-idx3-ubyte.gz": ("9fb629c4189551a2d022fa330f9573f3", "2646ac647ad5339dbf082846283269ea"),
    "t10k-labels-idx1-ubyte.gz": ("ec29112dd5afa0611ce80d1b7f02629c", "27ae3e4e09519cfbb04c329615203637"),
}

_IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


class ChecksumError(OSError):
    """A downloaded file does not match its published checksum."""


@dataclass(frozen=True)
class Dataset:
    """Train and test splits: x of shape (N, 1, H, W) in [-1, 1], y of shape (N,) in 0..9."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    @property
    def image_shape(self) -> tuple:
        return self.x_train.shape[1:]

    @property
    def n_classes(self) -> int:
        return int(max(self.y_train.max(), self.y_test.max())) + 1

    def subset(self, n_train: int | None = None, n_test: int | None = None) -> "Dataset":
        """The first ``n_train`` training and ``n_test`` test samples (None keeps all)."""
        n_train = len(self.y_train) if n_train is None else as_int("n_train", n_train, low=1)
        n_test = len(self.y_test) if n_test is None else as_int("n_test", n_test, low=1)
        return Dataset(self.name, self.x_train[:n_train], self.y_train[:n_train],
                       self.x_test[:n_test], self.y_test[:n_test])


def load_digits(test_fraction: float = 0.2, seed: int = 0) -> Dataset:
    """scikit-learn's 1,797 8x8 digits (pixel values 0..16 mapped onto [-1, 1]), split at random.

    Always offline: the data ship with scikit-learn.

    Example:
        >>> data = load_digits()
        >>> data.x_train.shape, data.x_test.shape
        ((1438, 1, 8, 8), (359, 1, 8, 8))
    """
    from sklearn.datasets import load_digits as sk_digits

    test_fraction = as_param("test_fraction", test_fraction, low=0.0, low_inclusive=False,
                             high=1.0, high_inclusive=False)
    bunch = sk_digits()
    x = (bunch.images / 8.0 - 1.0)[:, None, :, :]
    y = bunch.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(y))
    n_test = int(round(test_fraction * len(y)))
    test, train = order[:n_test], order[n_test:]
    return Dataset("digits", x[train], y[train], x[test], y[test])


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Read an IDX file (gzip'd if the name ends in .gz): magic 0 0 type ndim, then big-endian dims.

    Example:
        >>> import io, tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "tiny-idx1-ubyte"
        >>> _ = p.write_bytes(bytes([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9]))
        >>> read_idx(p)
        array([7, 8, 9], dtype=uint8)
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as stream:
        raw = stream.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_TYPES:
        raise ValueError(f"{path} is not an IDX file (bad magic number {raw[:4].hex()})")
    ndim = raw[3]
    dims = np.frombuffer(raw, dtype=">u4", count=ndim, offset=4).astype(int)
    dtype = np.dtype(_IDX_TYPES[raw[2]])
    expected = 4 + 4 * ndim + int(np.prod(dims)) * dtype.itemsize
    if len(raw) != expected:
        raise ValueError(f"{path}: header promises {expected} bytes, file has {len(raw)}")
    return np.frombuffer(raw, dtype=dtype, offset=4 + 4 * ndim).reshape(dims)


def default_cache_dir() -> Path:
    """Where MNIST is cached: ``$AIMC_EDU_DATA`` if set, else :func:`user_cache_dir`."""
    env = os.environ.get("AIMC_EDU_DATA")
    return Path(env) if env else user_cache_dir()


def user_cache_dir() -> Path:
    """The user's cache folder for MNIST (e.g. ``~/.cache/aimc_edu/mnist`` on Linux), whatever ``$AIMC_EDU_DATA`` says."""
    from platformdirs import user_cache_dir as platform_cache

    return Path(platform_cache("aimc_edu")) / "mnist"


def mnist_locations(also=()) -> list:
    """Where MNIST files are looked for, in order: ``$AIMC_EDU_DATA`` (if set), the user cache, then ``also``."""
    env = os.environ.get("AIMC_EDU_DATA")
    return [Path(p) for p in ([env] if env else []) + [user_cache_dir()] + list(also)]


def find_mnist(names=tuple(MNIST_FILES), also=()) -> Path | None:
    """The first of :func:`mnist_locations` that holds every file in ``names``, or None.

    Example:
        >>> import tempfile
        >>> find_mnist(["no-such-file.gz"], also=[tempfile.gettempdir()]) is None
        True
    """
    return next((d for d in mnist_locations(also) if all((d / n).is_file() for n in names)), None)


def _md5(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def _check_mnist_bytes(data: bytes, name: str) -> None:
    """Raise :class:`ChecksumError` unless ``data`` is the published MNIST file ``name``.

    The archive's MD5 is compared with the mirror's list; if it differs (a mirror may
    re-compress), the MD5 of the decompressed IDX payload must match the original's.
    """
    archive_md5, payload_md5 = MNIST_FILES[name]
    if _md5(data) == archive_md5:
        return
    try:
        payload = gzip.decompress(data)
    except (OSError, EOFError):
        payload = b""
    if _md5(payload) != payload_md5:
        raise ChecksumError(f"checksum mismatch for {name}: MD5 {_md5(data)}, expected the published "
                            f"{archive_md5} (or decompressed content {payload_md5})")


def verify_mnist_file(path: str | os.PathLike) -> None:
    """Raise :class:`ChecksumError` unless ``path`` holds the published MNIST file of its name."""
    path = Path(path)
    _check_mnist_bytes(path.read_bytes(), path.name)


class MnistUnavailable(OSError):
    """MNIST could not be downloaded or found; the message names the folder and the ways out."""


def download_mnist(cache_dir: str | os.PathLike | None = None, names=None, mirror: str = MNIST_MIRROR) -> Path:
    """Download the MNIST files missing from ``cache_dir``; a file failing its checksum is discarded.

    Raises :class:`MnistUnavailable` (or :class:`ChecksumError`), naming the folder and the ways out, if a
    file cannot be fetched (or fails its checksum); folders created for the download are removed again
    when they stay empty.
    """
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    created = [d for d in (cache, *cache.parents) if not d.exists()]
    try:
        cache.mkdir(parents=True, exist_ok=True)
        for name in names or MNIST_FILES:
            target = cache / name
            if target.exists():
                continue
            with urllib.request.urlopen(mirror + name, timeout=60) as response:
                data = response.read()
            _check_mnist_bytes(data, name)
            with tempfile.NamedTemporaryFile(dir=cache, prefix=name, suffix=".part", delete=False) as tmp:
                tmp.write(data)
            os.replace(tmp.name, target)
    except OSError as err:
        for folder in created:                       # deepest first: leave no empty folder behind
            try:
                folder.rmdir()
            except OSError:
                break
        reason = getattr(err, "reason", None) or err
        kind = ChecksumError if isinstance(err, ChecksumError) else MnistUnavailable
        raise kind(f"could not download MNIST from {mirror} into {cache} ({reason}). {_ways_out(cache)}") from err
    return cache


def _ways_out(cache: Path, lead: str = "Ways out", names=tuple(MNIST_FILES)) -> str:
    return (f"{lead}: (1) point --data-dir (cache_dir= in Python) at a folder that has the MNIST files; "
            f"(2) set the environment variable AIMC_EDU_DATA to such a folder; (3) copy the files "
            f"{', '.join(names)} (gzip'd IDX, as served by {MNIST_MIRROR}) into {cache}")


def _missing_message(cache: Path, missing: list, download_hint: bool = True, names=tuple(MNIST_FILES)) -> str:
    if not download_hint:
        return f"MNIST files missing from {cache}: {', '.join(missing)}. {_ways_out(cache, names=names)}"
    return (f"MNIST files missing from {cache}: {', '.join(missing)}, and downloading is off (--no-download): "
            f"run without it (download=True in Python) to fetch them, checksums verified. "
            + _ways_out(cache, "Other ways out", names))


def load_mnist(cache_dir: str | os.PathLike | None = None, download: bool = True) -> Dataset:
    """MNIST: 60,000 training and 10,000 test images of 28x28, from the IDX files in ``cache_dir``.

    Args:
        cache_dir: directory with the four ``*-ubyte.gz`` files (default: :func:`default_cache_dir`).
        download: fetch missing files from :data:`MNIST_MIRROR` (checksums verified).
    Raises:
        FileNotFoundError: files missing and ``download`` is False (the message says what, where and the ways out).
        MnistUnavailable: a download failed (e.g. no network); ChecksumError: a file failed its checksum.
    """
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    missing = [name for name in MNIST_FILES if not (cache / name).exists()]
    if missing and not download:
        raise FileNotFoundError(_missing_message(cache, missing))
    if missing:
        download_mnist(cache, missing)
    arrays = {name.split("-")[0] + "-" + name.split("-")[1]: read_idx(cache / name) for name in MNIST_FILES}
    return Dataset("mnist", _images(arrays["train-images"]), arrays["train-labels"].astype(np.int64),
                   _images(arrays["t10k-images"]), arrays["t10k-labels"].astype(np.int64))


def _images(raw: np.ndarray) -> np.ndarray:
    return (raw.astype(np.float64) / 127.5 - 1.0)[:, None, :, :]


def load_mnist_test_split(directory: str | os.PathLike, n_train: int = 8000) -> Dataset:
    """The 10,000 MNIST test images alone, split into the first ``n_train`` (train) and the rest (test).

    Used by the benchmark and the quick MNIST runs when only the t10k files are at hand.
    """
    directory = Path(directory)
    names = ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
    missing = [n for n in names if not (directory / n).exists()]
    if missing:
        raise FileNotFoundError(_missing_message(directory, missing, download_hint=False, names=names))
    x = _images(read_idx(directory / names[0]))
    y = read_idx(directory / names[1]).astype(np.int64)
    n_train = as_int("n_train", n_train, low=1)
    if n_train >= len(y):
        raise ValueError(f"n_train must be < {len(y)}, got {n_train}")
    return Dataset("mnist-t10k", x[:n_train], y[:n_train], x[n_train:], y[n_train:])
