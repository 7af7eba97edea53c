"""``aimc-edu train``: summary, JSON, progress bar and one-line errors (run in-process, offline)."""

import json

import pytest

from aimc_edu.cli import main


def test_train_json_summary(capsys):
    rc = main(["train", "--model", "fcn", "--dataset", "digits", "--algorithm", "tiki-taka", "--tau", "0.6",
               "--epochs", "2", "--seed", "3", "--json", "--train-size", "400", "--test-size", "200"])
    out, err = capsys.readouterr()
    assert rc == 0
    summary = json.loads(out)
    assert summary["algorithm"] == "tiki-taka" and summary["tau"] == 0.6 and summary["n_train"] == 400
    assert len(summary["test_accuracy"]) == 2
    assert summary["final_test_accuracy"] == summary["test_accuracy"][-1]
    assert summary["best_test_accuracy"] == max(summary["test_accuracy"])
    assert 0.0 < summary["max_saturation"] <= 1.0          # soft bounds never exceed tau
    assert "epoch 2/2" in err and "test accuracy" in err      # progress bar and per-epoch lines on stderr


def test_train_text_output_and_digital_has_no_saturation(capsys):
    rc = main(["train", "--algorithm", "digital-sgd", "--epochs", "1", "--train-size", "200", "--no-progress"])
    out, _ = capsys.readouterr()
    assert rc == 0
    assert "epoch   1  test accuracy" in out and "final test accuracy" in out and "n/a (digital)" in out


def test_train_json_is_reproducible(capsys):
    args = ["train", "--model", "cnn", "--algorithm", "analog-sgd", "--epochs", "1", "--seed", "1",
            "--train-size", "96", "--test-size", "50", "--json", "--no-progress"]
    main(args)
    first = json.loads(capsys.readouterr().out)
    main(args)
    second = json.loads(capsys.readouterr().out)
    first.pop("seconds_per_epoch"), second.pop("seconds_per_epoch")
    assert first == second


@pytest.mark.parametrize("args, needle", [
    (["--tau", "0"], "--tau must be > 0"),
    (["--tau", "-1"], "--tau must be > 0"),
    (["--epochs", "0"], "--epochs must be >= 1"),
    (["--lr", "-0.1"], "--lr must be > 0"),
    (["--batch-size", "0"], "--batch-size must be >= 1"),
])
def test_bad_values_exit_2_with_one_line(capsys, args, needle):
    assert main(["train", *args]) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1


@pytest.mark.parametrize("args", [["--model", "rnn"], ["--dataset", "cifar"], ["--algorithm", "adam"],
                                  ["--epochs", "two"]])
def test_bad_choices_exit_2(capsys, args):
    with pytest.raises(SystemExit) as exc:
        main(["train", *args])
    assert exc.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_missing_mnist_without_download_fails_with_one_line(capsys, tmp_path):
    rc = main(["train", "--dataset", "mnist", "--no-download", "--data-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert rc == 1 and err.count("\n") == 1
    assert "MNIST files missing" in err and str(tmp_path) in err
