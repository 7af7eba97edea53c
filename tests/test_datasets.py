"""Data loaders: the IDX reader on the real MNIST test set, digits, and the MNIST cache/download
logic against a local fake server (the network is never used).

The real MNIST test files are looked for in $AIMC_EDU_DATA, the user cache (where `aimc-edu train
--dataset mnist` downloads them) and ../shared/data/mnist; the tests that need them skip, naming all
three places, when none has them."""

import gzip
import hashlib
import io
import os
from pathlib import Path

import numpy as np
import pytest

import aimc_edu
from aimc_edu import datasets
from aimc_edu.datasets import (MNIST_FILES, ChecksumError, load_digits, load_mnist, load_mnist_test_split,
                               read_idx, verify_mnist_file)

REPO = Path(__file__).resolve().parents[1]
T10K = ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
NEXT_TO_REPO = REPO.parent / "shared" / "data" / "mnist"
SHARED_MNIST = datasets.find_mnist(T10K, also=[NEXT_TO_REPO])
_WHERE = (f"$AIMC_EDU_DATA ({os.environ.get('AIMC_EDU_DATA') or 'not set'}), the user cache "
          f"({datasets.user_cache_dir()}) and ../shared/data/mnist ({NEXT_TO_REPO})")
needs_mnist = pytest.mark.skipif(SHARED_MNIST is None,
                                 reason=f"MNIST test-set files ({', '.join(T10K)}) not found in {_WHERE}")


def idx_bytes(array: np.ndarray) -> bytes:
    """Encode a uint8 array as an IDX file."""
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("tests must not use the network")
    monkeypatch.setattr(datasets.urllib.request, "urlopen", refuse)


@needs_mnist
def test_idx_reader_on_real_mnist_test_set():
    images = read_idx(SHARED_MNIST / T10K[0])
    labels = read_idx(SHARED_MNIST / T10K[1])
    assert images.shape == (10000, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (10000,)
    # the published class counts of the MNIST test set, and its first ten labels
    assert np.bincount(labels).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert labels[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert images.min() == 0 and images.max() == 255


@needs_mnist
def test_shared_test_files_pass_the_published_checksums():
    for name in T10K:
        verify_mnist_file(SHARED_MNIST / name)
        payload = gzip.decompress((SHARED_MNIST / name).read_bytes())
        assert hashlib.md5(payload).hexdigest() == MNIST_FILES[name][1]


@needs_mnist
def test_mnist_test_split_is_8000_plus_2000_in_minus_one_to_one():
    data = load_mnist_test_split(SHARED_MNIST, n_train=8000)
    assert data.x_train.shape == (8000, 1, 28, 28) and data.x_test.shape == (2000, 1, 28, 28)
    assert data.x_train.min() == -1.0 and data.x_train.max() == 1.0


def test_idx_reader_raw_and_gzip_and_errors(tmp_path):
    arr = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    (tmp_path / "a-idx3-ubyte").write_bytes(idx_bytes(arr))
    (tmp_path / "a-idx3-ubyte.gz").write_bytes(gzip.compress(idx_bytes(arr)))
    np.testing.assert_array_equal(read_idx(tmp_path / "a-idx3-ubyte"), arr)
    np.testing.assert_array_equal(read_idx(tmp_path / "a-idx3-ubyte.gz"), arr)
    (tmp_path / "bad").write_bytes(b"\x01\x02\x03\x04")
    with pytest.raises(ValueError, match="not an IDX file"):
        read_idx(tmp_path / "bad")
    (tmp_path / "short").write_bytes(idx_bytes(arr)[:-1])
    with pytest.raises(ValueError, match="header promises"):
        read_idx(tmp_path / "short")


def test_digits_split_is_seeded_and_complete():
    a, b, c = load_digits(seed=0), load_digits(seed=0), load_digits(seed=1)
    assert len(a.y_train) + len(a.y_test) == 1797 and a.image_shape == (1, 8, 8)
    np.testing.assert_array_equal(a.y_test, b.y_test)
    assert not np.array_equal(a.y_test, c.y_test)
    assert a.x_train.min() == -1.0 and a.x_train.max() == 1.0
    with pytest.raises(ValueError, match="test_fraction"):
        load_digits(test_fraction=1.5)


def test_missing_mnist_without_download_says_what_and_where(tmp_path):
    with pytest.raises(FileNotFoundError) as err:
        load_mnist(tmp_path, download=False)
    message = str(err.value)
    assert str(tmp_path) in message and datasets.MNIST_MIRROR in message
    assert all(name in message for name in MNIST_FILES)


def test_default_cache_dir_follows_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("AIMC_EDU_DATA", str(tmp_path))
    assert datasets.default_cache_dir() == tmp_path
    monkeypatch.delenv("AIMC_EDU_DATA")
    assert "aimc_edu" in str(datasets.default_cache_dir())


def fake_mirror(monkeypatch, files: dict):
    """Serve ``files`` (name -> bytes) at the mirror URL; record what was requested."""
    requested = []

    def urlopen(url, timeout=None):
        assert url.startswith(datasets.MNIST_MIRROR)
        name = url[len(datasets.MNIST_MIRROR):]
        requested.append(name)
        return io.BytesIO(files[name])

    monkeypatch.setattr(datasets.urllib.request, "urlopen", urlopen)
    return requested


def tiny_training_files(monkeypatch):
    """Small generated train files, registered under their own MD5 (the real ones are 60,000 images)."""
    rng = np.random.default_rng(0)
    files = {"train-images-idx3-ubyte.gz": gzip.compress(idx_bytes(rng.integers(0, 256, (5, 28, 28)))),
             "train-labels-idx1-ubyte.gz": gzip.compress(idx_bytes(np.array([0, 1, 2, 3, 9])))}
    for name, data in files.items():
        monkeypatch.setitem(MNIST_FILES, name, (hashlib.md5(data).hexdigest(), "0" * 32))
    return files


@needs_mnist
def test_download_verifies_checksums_then_loads(monkeypatch, tmp_path):
    files = tiny_training_files(monkeypatch)
    files.update({name: (SHARED_MNIST / name).read_bytes() for name in T10K})
    requested = fake_mirror(monkeypatch, files)
    data = load_mnist(tmp_path / "cache", download=True)
    assert sorted(requested) == sorted(MNIST_FILES)
    assert data.x_train.shape == (5, 1, 28, 28) and data.x_test.shape == (10000, 1, 28, 28)
    assert data.y_train.tolist() == [0, 1, 2, 3, 9]
    requested.clear()
    load_mnist(tmp_path / "cache", download=True)          # cached: nothing fetched again
    assert requested == []


def test_download_with_wrong_checksum_fails_and_keeps_nothing(monkeypatch, tmp_path):
    files = tiny_training_files(monkeypatch)
    name = "train-labels-idx1-ubyte.gz"
    files[name] = gzip.compress(idx_bytes(np.array([7, 7, 7, 7, 7])))   # tampered
    fake_mirror(monkeypatch, files)
    with pytest.raises(ChecksumError, match="checksum mismatch for train-labels"):
        datasets.download_mnist(tmp_path, names=[name])
    assert not any(tmp_path.iterdir())


def test_package_does_not_ship_mnist():
    package = Path(aimc_edu.__file__).parent
    assert not [p for p in package.rglob("*ubyte*")]


def test_failed_download_names_mnist_the_folder_and_the_ways_out_and_leaves_no_empty_folder(monkeypatch, tmp_path):
    def unreachable(url, timeout=None):
        raise datasets.urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(datasets.urllib.request, "urlopen", unreachable)
    cache = tmp_path / "a" / "b" / "mnist"
    with pytest.raises(datasets.MnistUnavailable) as err:
        load_mnist(cache, download=True)
    message = str(err.value)
    assert "could not download MNIST" in message and str(cache) in message and "Name or service" in message
    assert "--data-dir" in message and "AIMC_EDU_DATA" in message and all(n in message for n in MNIST_FILES)
    assert list(tmp_path.iterdir()) == []             # a/b/mnist were created for the download, then removed


def test_missing_files_without_download_say_how_in_command_line_terms(tmp_path):
    with pytest.raises(FileNotFoundError) as err:
        load_mnist(tmp_path, download=False)
    message = str(err.value)
    assert "run without it" in message and "--no-download" in message
    assert "--data-dir" in message and "AIMC_EDU_DATA" in message and f"into {tmp_path}" in message


def test_mnist_is_looked_for_in_the_environment_then_the_user_cache_then_extra_places(monkeypatch, tmp_path):
    env, extra = tmp_path / "env", tmp_path / "extra"
    monkeypatch.setenv("AIMC_EDU_DATA", str(env))
    assert datasets.mnist_locations(also=[extra]) == [env, datasets.user_cache_dir(), extra]
    for folder in (env, extra):
        folder.mkdir()
        for name in T10K:
            (folder / name).write_bytes(b"")
    assert datasets.find_mnist(T10K, also=[extra]) == env
    monkeypatch.delenv("AIMC_EDU_DATA")
    assert datasets.find_mnist(T10K, also=[extra]) in (datasets.user_cache_dir(), extra)
    assert datasets.find_mnist(["none.gz"], also=[extra]) is None
