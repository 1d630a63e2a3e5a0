#!/usr/bin/env python3
"""PyTorch (Python, no_grad) reference for Algorithm 1's inner loop, the yardstick of ``./defuse bench identify``.

For each batch of MNIST training images it does the work identify-service's ``PerturbationEngine`` does per batch:
encode mu(x) with the beta-VAE's encoder; Q times per image draw eps ~ Beta(a, b)^K (one draw per latent dimension, not
centred) and its L2 norm, z = mu + eps; decode every z and classify the decoded images in forward passes of at most
``--max-samples-per-pass`` samples; a draw is a mistake when the prediction differs from the label; keep at most
``--max-mistakes`` mistakes per image, those with the smallest ||eps|| (ties: the earlier draw), copying out their z
and decoded pixels.

The networks are the paper's MNIST architectures exactly as common/.../ml/arch builds them in DJL (layer by layer the
same shapes, activations and parameter counts): classifier 4 x (conv 4x4 s2 p1, ReLU) -> FC 256 ReLU -> FC 256 ReLU
-> FC 10 on the image zero-padded 28 -> 32; beta-VAE encoder 3 x (conv, ReLU) -> FC 256 ReLU -> FC 256 ReLU -> FC 2K,
decoder FC 256 ReLU -> FC 256 ReLU -> FC 512 ReLU -> reshape (32, 4, 4) -> 2 x (transposed conv 4x4 s2 p1, ReLU) ->
transposed conv to 1 channel -> crop 32 -> 28 -> sigmoid. Transposed convolutions are torch's own ConvTranspose2d.

Weights: ``--weights FILE`` loads the parameters the Java benchmark exports (an .npz in DJL's parameter order; DJL's
transposed-convolution kernel W[o, i, u, v] is ConvTranspose2d's W_t[i, o, k-1-u, k-1-v]) and ``--probe FILE`` checks
that the two implementations compute the same function on them. Without ``--weights`` the networks keep PyTorch's
random initialisation (seeded): throughput does not depend on the weights, only the number of mistakes copied out
does (a random classifier gets most draws wrong, so the cap of 100 per image is always reached).

Prints one JSON object on stdout: torch version, threads, parameter counts, and per images-per-batch setting the
samples per second (end to end, and decode + classify alone) and per CPU-second of the process.

Needs python3-torch and python3-numpy (Debian: apt-get install python3-torch python3-numpy).
"""

import argparse
import gzip
import json
import os
import platform
import re
import resource
import struct
import sys
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

KERNEL, STRIDE, PADDING = 4, 2, 1


class Pad(nn.Module):
    """Zero-pads a batch symmetrically (MNIST 28 -> 32), like ImageInput.pad."""

    def __init__(self, before, after):
        super().__init__()
        self.pads = (before, after, before, after)

    def forward(self, x):
        return F.pad(x, self.pads)


class Crop(nn.Module):
    """Cuts the centre size x size out of a padded batch, like ImageInput.crop."""

    def __init__(self, before, size):
        super().__init__()
        self.before, self.size = before, size

    def forward(self, x):
        b = self.before
        return x[:, :, b:b + self.size, b:b + self.size]


def halving_convolutions(channels, layers, filters):
    """layers x (conv 4x4, stride 2, padding 1, ReLU): PaperLayers.halvingConvolutions."""
    modules = []
    for i in range(layers):
        modules += [nn.Conv2d(channels if i == 0 else filters, filters, KERNEL, STRIDE, PADDING), nn.ReLU()]
    return modules


def classifier(channels=1, size=28, padded=32, filters=64, hidden=256, classes=10):
    """ClassifierArchitecture.newBlock."""
    side = padded // 16
    before = (padded - size) // 2
    return nn.Sequential(
        Pad(before, padded - size - before),
        *halving_convolutions(channels, 4, filters), nn.Flatten(),
        nn.Linear(filters * side * side, hidden), nn.ReLU(),
        nn.Linear(hidden, hidden), nn.ReLU(),
        nn.Linear(hidden, classes))


def encoder(latent, channels=1, size=28, padded=32, filters=32, hidden=256):
    """VaeArchitecture.newEncoder: the first K outputs are mu, the last K log sigma^2."""
    side = padded // 8
    before = (padded - size) // 2
    return nn.Sequential(
        Pad(before, padded - size - before),
        *halving_convolutions(channels, 3, filters), nn.Flatten(),
        nn.Linear(filters * side * side, hidden), nn.ReLU(),
        nn.Linear(hidden, hidden), nn.ReLU(),
        nn.Linear(hidden, 2 * latent))


def decoder(latent, channels=1, size=28, padded=32, filters=32, hidden=256):
    """VaeArchitecture.newDecoder, ending in logits (the sigmoid is applied by the caller, as BetaVaeBlock.decode)."""
    side = padded // 8
    return nn.Sequential(
        nn.Linear(latent, hidden), nn.ReLU(),
        nn.Linear(hidden, hidden), nn.ReLU(),
        nn.Linear(hidden, filters * side * side), nn.ReLU(),
        nn.Unflatten(1, (filters, side, side)),
        nn.ConvTranspose2d(filters, filters, KERNEL, STRIDE, PADDING), nn.ReLU(),
        nn.ConvTranspose2d(filters, filters, KERNEL, STRIDE, PADDING), nn.ReLU(),
        nn.ConvTranspose2d(filters, channels, KERNEL, STRIDE, PADDING),
        Crop((padded - size) // 2, size))


def parameter_count(*modules):
    return sum(p.numel() for m in modules for p in m.parameters())


def load_weights(path, classifier_net, encoder_net, decoder_net):
    """Copies the exported DJL parameters (classifier first, then encoder, then decoder; each layer weight, bias)."""
    arrays = np.load(path)
    # entries are named p000_..., p001_... in DJL's parameter order (a zip has no order of its own)
    names = sorted(arrays.files, key=lambda n: int(re.match(r"\D*(\d+)", n).group(1)))
    targets = [p for m in (classifier_net, encoder_net, decoder_net) for p in m.parameters()]
    if len(names) != len(targets):
        raise SystemExit(f"weights file {path} has {len(names)} tensors, the networks have {len(targets)}")
    transposed = {id(layer.weight) for net in (decoder_net,) for layer in net if isinstance(layer, nn.ConvTranspose2d)}
    with torch.no_grad():
        for name, target in zip(names, targets):
            value = torch.from_numpy(np.ascontiguousarray(arrays[name], dtype=np.float32))
            if id(target) in transposed:
                # DJL's kernel of the equivalent dilated convolution -> ConvTranspose2d's (in, out, k, k) weight
                value = value.flip(2, 3).transpose(0, 1)
            if tuple(value.shape) != tuple(target.shape):
                raise SystemExit(f"weights file {path}: tensor {name} has shape {tuple(value.shape)}, "
                                 f"the network expects {tuple(target.shape)}")
            target.copy_(value)


def check_probe(path, classifier_net, encoder_net, decoder_net, latent):
    """Largest differences between these networks and DJL's on the exported probe inputs."""
    probe = np.load(path)
    with torch.no_grad():
        images = torch.from_numpy(probe["images"])
        codes = torch.from_numpy(probe["codes"])
        mu = encoder_net(images)[:, :latent]
        decoded = torch.sigmoid(decoder_net(codes))
        logits = classifier_net(images)
    return {
        "mu_max_abs_diff": float((mu - torch.from_numpy(probe["mu"])).abs().max()),
        "decoded_max_abs_diff": float((decoded - torch.from_numpy(probe["decoded"])).abs().max()),
        "logits_max_abs_diff": float((logits - torch.from_numpy(probe["logits"])).abs().max()),
    }


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, dims = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise SystemExit(f"{path} is not an unsigned-byte IDX file")
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(directory, stem):
    for name in (stem, stem + ".gz"):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            return path
    raise SystemExit(f"no {stem}[.gz] in {directory}")


def mnist_train(directory):
    """Pixels as float32 in [0, 1], NCHW (as MnistDataset reads them), and labels."""
    images = read_idx(find(directory, "train-images-idx3-ubyte")).astype(np.float32) / 255.0
    labels = read_idx(find(directory, "train-labels-idx1-ubyte")).astype(np.int64)
    return torch.from_numpy(images[:, None, :, :].copy()), labels


class Engine:
    """Algorithm 1 for a batch of images, as PerturbationEngine.run."""

    def __init__(self, classifier_net, encoder_net, decoder_net, latent, args):
        self.classifier, self.encoder, self.decoder = classifier_net, encoder_net, decoder_net
        self.latent = latent
        self.q = args.draws
        self.a, self.b = args.beta_a, args.beta_b
        self.cap = args.max_mistakes
        self.seed = args.seed
        self.max_pass = args.max_samples_per_pass
        self.forward_seconds = 0.0

    def pass_size(self, images):
        """Samples per forward pass: whole images when Q fits (PerturbationEngine.passSize), never more than a batch."""
        q, m = self.q, min(self.max_pass, images * self.q)
        return (m // q) * q if q <= m else m

    @torch.no_grad()
    def run(self, images, labels, indices):
        """Returns (samples evaluated, mistakes kept); each kept mistake's z and pixels are copied out."""
        n, k, q = len(indices), self.latent, self.q
        x = images[indices]  # a copy, like ImageBatch.of
        y = labels[indices]
        mu = self.encoder(x)[:, :k].numpy()
        # noise in draw order per image, one generator per (seed, image index): independent of grouping
        eps = np.empty((n * q, k), dtype=np.float32)
        for i, index in enumerate(indices):
            rng = np.random.default_rng([self.seed, int(index)])
            eps[i * q:(i + 1) * q] = rng.beta(self.a, self.b, size=(q, k))
        norms = np.sqrt(np.square(eps.astype(np.float64)).sum(axis=1))
        z = eps + np.repeat(mu, q, axis=0)
        owner = np.repeat(np.arange(n), q)
        draw = np.tile(np.arange(q), n)
        found = []  # per pass: flat rows of the mistakes it keeps, and their decoded pixels
        total, size = n * q, self.pass_size(n)
        for first in range(0, total, size):
            last = min(total, first + size)
            t0 = time.perf_counter()
            decoded = torch.sigmoid(self.decoder(torch.from_numpy(z[first:last])))
            predicted = self.classifier(decoded).argmax(1).numpy()
            self.forward_seconds += time.perf_counter() - t0
            rows = np.nonzero(predicted != y[owner[first:last]])[0]
            if rows.size:
                take = self.smallest(owner[rows + first], norms[rows + first], draw[rows + first])
                # copy out only the pixels of the draws kept so far (one gather), like the Java engine
                found.append((rows[take] + first, decoded.index_select(0, torch.from_numpy(rows[take])).numpy()))
        if not found:
            return total, 0
        flat = np.concatenate([f for f, _ in found])
        pixels = np.concatenate([p for _, p in found])
        keep = self.smallest(owner[flat], norms[flat], draw[flat])
        kept_z, kept_pixels = z[flat[keep]], pixels[keep]  # the kept mistakes' codes and images, copied
        return total, len(kept_z)

    def smallest(self, owners, norms, draws):
        """Positions of each image's (at most cap) mistakes with the smallest norm, ties to the earlier draw."""
        order = np.lexsort((draws, norms, owners))
        grouped = owners[order]
        starts = np.r_[0, np.nonzero(np.diff(grouped))[0] + 1]
        rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        return order[rank < self.cap]


def blas_library():
    """The BLAS shared library this process mapped (Debian: reference BLAS or OpenBLAS, by update-alternatives)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() or "mkl" in line.lower()}
    except OSError:
        return "unknown"
    return ", ".join(sorted(p for p in paths if p.startswith("/"))) or "none mapped"


def load_average():
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def measure(engine, images, labels, per_batch, first, args):
    size = images.shape[0]

    def batch(start):
        return [(start + i) % size for i in range(per_batch)], (start + per_batch) % size

    indices, following = batch(first)
    engine.run(images, labels, indices)  # warm-up, not counted
    load = load_average()
    samples = mistakes = batches = 0
    wall = cpu = 0.0
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    engine.forward_seconds = 0.0
    while batches < args.min_batches or wall < args.seconds:
        indices, following = batch(following)
        t0, c0 = time.perf_counter(), time.process_time()
        s, m = engine.run(images, labels, indices)
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
        samples += s
        mistakes += m
        batches += 1
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
    return {
        "images_per_batch": per_batch,
        "samples_per_batch": per_batch * args.draws,
        "samples_per_forward_pass": engine.pass_size(per_batch),
        "batches": batches,
        "samples": samples,
        "seconds": wall,
        "samples_per_s": samples / wall,
        "decode_classify_samples_per_s": samples / engine.forward_seconds,
        "samples_per_cpu_s": samples / cpu if cpu > 0 else None,
        "cpu_share": cpu / wall,
        "mistakes_kept": mistakes,
        "minor_page_faults_per_1000_samples": faults * 1000 / samples,
        "load_average": load,
    }


def profile(engine, images, labels, per_batch):
    """Operator-level profile of one batch, on stderr: where the reference spends its time."""
    from torch.profiler import profile as torch_profile, ProfilerActivity
    indices = list(range(per_batch))
    engine.run(images, labels, indices)
    with torch_profile(activities=[ProfilerActivity.CPU]) as prof:
        engine.run(images, labels, indices)
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=15), file=sys.stderr)


@torch.no_grad()
def layer_profile(classifier_net, decoder_net, latent, samples, passes):
    """CPU ms per pass of each layer: decoder layers, the sigmoid, classifier layers (DJL's order, one for one)."""
    layers = [("decoder", type(m).__name__, m) for m in decoder_net] + [("decoder", "Sigmoid", torch.sigmoid)]
    layers += [("classifier", type(m).__name__, m) for m in classifier_net]
    cpu = [0.0] * len(layers)
    generator = torch.Generator().manual_seed(1)
    faults = 0
    for p in range(-2, passes):  # two warm-up passes
        x = torch.rand(samples, latent, generator=generator) * 2 - 1
        f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        for i, (_, _, layer) in enumerate(layers):
            t0 = time.process_time()
            x = layer(x)
            if p >= 0:
                cpu[i] += time.process_time() - t0
        if p >= 0:
            faults += resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0
    return {
        "samples_per_pass": samples,
        "passes": passes,
        "minor_page_faults_per_pass": faults / passes,
        "layers": [{"network": net, "layer": name, "cpu_ms_per_pass": t * 1000 / passes}
                   for (net, name, _), t in zip(layers, cpu)],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="MNIST IDX folder (train-images-idx3-ubyte[.gz], ...)")
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    parser.add_argument("--interop-threads", type=int, default=1, help="torch.set_num_interop_threads (default 1)")
    parser.add_argument("--images-per-batch", default="1,8,64", help="comma-separated (default 1,8,64)")
    parser.add_argument("--draws", "-q", type=int, default=500, help="Q draws per image (default 500)")
    parser.add_argument("--beta-a", type=float, default=50.0)
    parser.add_argument("--beta-b", type=float, default=50.0)
    parser.add_argument("--max-mistakes", type=int, default=100, help="mistakes kept per image (default 100)")
    parser.add_argument("--max-samples-per-pass", type=int, default=4000,
                        help="split a batch into forward passes of at most N samples (default 4000, as the Java bench)")
    parser.add_argument("--latent", type=int, default=10, help="K (default 10)")
    parser.add_argument("--seconds", type=float, default=20.0, help="minimum measured seconds per setting")
    parser.add_argument("--min-batches", type=int, default=2, help="minimum measured batches per setting")
    parser.add_argument("--first-image", type=int, default=0, help="dataset index of the first image")
    parser.add_argument("--seed", type=int, default=0, help="noise seed, and the initial weights' without --weights")
    parser.add_argument("--weights", help=".npz of the networks' parameters exported by ./defuse bench identify")
    parser.add_argument("--probe", help=".npz of inputs and DJL's outputs on them, to check the same function")
    parser.add_argument("--max-probe-deviation", type=float, default=1e-3,
                        help="fail if a probe output differs by more (default 1e-3)")
    parser.add_argument("--profile", action="store_true", help="print an operator profile of one batch on stderr")
    parser.add_argument("--layer-profile", type=int, metavar="SAMPLES",
                        help="instead of measuring: CPU ms per forward pass of SAMPLES latent codes for every decoder "
                             "and classifier layer (the table ./defuse bench identify --profile prints next to DJL's)")
    parser.add_argument("--layer-profile-passes", type=int, default=10, help="passes averaged (default 10)")
    args = parser.parse_args()
    settings = [int(s) for s in args.images_per_batch.split(",") if s.strip()]
    if any(s < 1 for s in settings) or args.draws < 1 or args.threads < 1 or args.max_samples_per_pass < 1:
        parser.error("--images-per-batch, --draws, --threads and --max-samples-per-pass must be positive")

    default_threads = torch.get_num_threads()
    default_interop = torch.get_num_interop_threads()
    torch.set_num_interop_threads(args.interop_threads)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    classifier_net, encoder_net, decoder_net = classifier(), encoder(args.latent), decoder(args.latent)
    report = {
        "implementation": "PyTorch eager, torch.no_grad(), nn.Conv2d / nn.ConvTranspose2d / nn.Linear",
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "python": sys.executable,
        "python_version": platform.python_version(),
        "blas": blas_library(),
        "threads": torch.get_num_threads(),
        "default_threads": default_threads,
        "interop_threads": args.interop_threads,
        "default_interop_threads": default_interop,
        "parallel_backend": torch.__config__.parallel_info().splitlines()[-1].strip(),
        "parameters": {
            "classifier": parameter_count(classifier_net),
            "vae": parameter_count(encoder_net, decoder_net),
            "vae_encoder": parameter_count(encoder_net),
            "vae_decoder": parameter_count(decoder_net),
        },
        "draws_per_image": args.draws,
        "beta": [args.beta_a, args.beta_b],
        "max_mistakes_per_image": args.max_mistakes,
    }
    if args.weights:
        load_weights(args.weights, classifier_net, encoder_net, decoder_net)
        report["weights"] = "loaded from " + args.weights
    else:
        report["weights"] = f"random initialisation (torch.manual_seed({args.seed})): throughput does not depend on them"
    for net in (classifier_net, encoder_net, decoder_net):
        net.eval()
    if args.probe:
        deviations = check_probe(args.probe, classifier_net, encoder_net, decoder_net, args.latent)
        report["probe"] = deviations
        if max(deviations.values()) > args.max_probe_deviation:
            print(json.dumps(report, indent=2))
            raise SystemExit(f"the PyTorch networks do not compute DJL's function on the probe: {deviations}")

    if args.layer_profile:
        report["layer_profile"] = layer_profile(classifier_net, decoder_net, args.latent, args.layer_profile,
                                                args.layer_profile_passes)
        print(json.dumps(report, indent=2))
        return
    images, labels = mnist_train(args.data)
    engine = Engine(classifier_net, encoder_net, decoder_net, args.latent, args)
    if args.profile:
        profile(engine, images, labels, settings[0])
    report["results"] = [measure(engine, images, labels, s, args.first_image, args) for s in settings]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
