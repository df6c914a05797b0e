"""The understanding's small matrix products run on one BLAS thread (see :mod:`intents`):
with two, each message's danger check took ten times as long on a busy 2-core machine."""

from __future__ import annotations

import subprocess
import sys


def test_a_maatje_process_multiplies_on_one_blas_thread() -> None:
    probe = ("import bot.cli, intents.classifier, threadpoolctl; "
             "print(sorted({i['num_threads'] for i in threadpoolctl.threadpool_info()}))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, env={"PATH": "/usr/bin:/bin"})
    assert result.stdout.strip() == "[1]"


def test_the_operator_can_still_choose_more_threads() -> None:
    probe = ("import intents.classifier, threadpoolctl; "
             "print(sorted({i['num_threads'] for i in threadpoolctl.threadpool_info()}))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, env={"PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "2"})
    assert result.stdout.strip() == "[2]"
