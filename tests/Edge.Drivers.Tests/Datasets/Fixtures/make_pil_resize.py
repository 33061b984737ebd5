"""Expected output of the official CIFAR10-DVS frame path for a generated count frame.

Run with Debian's python3-pil and python3-numpy:  /usr/bin/python3 make_pil_resize.py
It writes pil_resize_48.bin: the 2x48x48 bytes (L plane, then A plane) that
torchvision ToPILImage (mul(255).byte() as on x86, mode LA) followed by
PIL Image.resize((48, 48), BILINEAR) produces. The C# test builds the same
count frame with the same formula (Count below) and compares byte for byte.
"""
import numpy as np
from PIL import Image


def count(c, y, x):
    h = (((((x * 73856093) ^ (y * 19349663) ^ (c * 83492791)) & 0xFFFFFFFF) * 2654435761) >> 16) & 0xFFFF
    if h % 3 != 0:
        return 0
    if h % 97 == 0:
        return 256 + (h % 3)  # wraps to a small byte
    return 1 + (h >> 4) % 4


counts = np.zeros((2, 128, 128), dtype=np.float32)
for c in range(2):
    for y in range(128):
        for x in range(128):
            counts[c, y, x] = count(c, y, x)

as_bytes = ((counts * 255).astype(np.int64) & 0xFF).astype(np.uint8)  # torch .byte() on x86
image = Image.fromarray(np.transpose(as_bytes, (1, 2, 0)), mode="LA")
resized = np.array(image.resize((48, 48), Image.BILINEAR))
with open("pil_resize_48.bin", "wb") as f:
    f.write(np.ascontiguousarray(np.transpose(resized, (2, 0, 1))).tobytes())
print("PIL", Image.__version__ if hasattr(Image, "__version__") else "", resized.shape, int(resized[..., 0].sum()), int(resized[..., 1].sum()))
