"""The query encoders PEERBOT_QUERY_ENCODER names (index/query_encoder.py makes them): apart, so the
settings check a value without importing numpy or the encoder."""

TORCH = "torch"
ONNX = "onnx"
ONNX_INT8 = "onnx-int8"
QUERY_ENCODERS = (TORCH, ONNX, ONNX_INT8)
