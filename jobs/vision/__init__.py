"""Image analysis: capture quality, de-identification, skin features, alignment (OpenCV + ONNX Runtime)."""
