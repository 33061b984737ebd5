"""The tiny SHD fixture (shd_tiny/shd_train.h5, shd_tiny/shd_test.h5), written the way the SHD
files are: h5py variable-length float32 seconds and uint16 channels per sample, uint16 labels,
and an extra/ group. Made once with Debian's python3-h5py:  /usr/bin/python3 make_shd_fixture.py
"""
import os
import h5py
import numpy as np

os.makedirs("shd_tiny", exist_ok=True)
samples = [
    ([0.0101, 0.0102, 0.5], [0, 699, 350], 7),
    ([], [], 12),
    ([0.2, 0.21, 0.3, 0.9, 1.1], [1, 2, 3, 4, 5], 19),
]
for name in ("shd_train.h5", "shd_test.h5"):
    with h5py.File(os.path.join("shd_tiny", name), "w") as f:
        times = f.create_dataset("spikes/times", (len(samples),), dtype=h5py.vlen_dtype(np.dtype("float32")))
        units = f.create_dataset("spikes/units", (len(samples),), dtype=h5py.vlen_dtype(np.dtype("uint16")))
        for i, (t, u, _) in enumerate(samples):
            times[i] = np.array(t, dtype=np.float32)
            units[i] = np.array(u, dtype=np.uint16)
        f.create_dataset("labels", data=np.array([s[2] for s in samples], dtype=np.uint16))
        f.create_dataset("extra/speaker", data=np.array([0, 1, 2], dtype=np.uint16))
