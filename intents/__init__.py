"""Understanding: a message goes in, language, scored intents and entities come out.

Nothing here knows about Telegram, storage or answers; the dialogue core in
``bot.core`` decides what to do with the scores.

One BLAS thread, unless the operator sets another number: a message costs a few small
matrix products (the danger neighbours, the classifier), which a second thread only slows
down. Measured 4 December 2026 on 2 cores: the neighbours' margin took 3.3 ms with OpenBLAS's
two threads and 0.37 ms with one on a quiet machine, 17 ms against ~1 ms with the machine
busy; the 10,000-input test ran in 9.5 s per 1,200 inputs instead of 11.6 to 21 s. Training
already runs on one thread (:mod:`intents.classifier`). This must be set before NumPy loads
its BLAS library, so it lives where the understanding is first imported.
"""

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
