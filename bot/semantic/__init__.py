"""The semantic ranker: how close in meaning a client's message is to each topic.

Holds the bundled sentence-embedding model (`model/`: all-MiniLM-L6-v2 as int8 ONNX, its
tokenizer, licence and checksums), the embedder that runs it with ONNX Runtime, the cache
of the knowledge base's embedded phrasings (by content, in memory and on disk) and the
ranker that implements the core's `SemanticRanker`. It ranks topics; it never decides an
escalation (triage runs first, in the core).

May import: the standard library, numpy, onnxruntime, tokenizers and `bot.core`; never
Telegram, the store or the jobs (`tests/test_layers.py` enforces it).
"""
