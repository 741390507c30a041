"""The spaCy pipeline: jieba segmentation, the named rule components, and Doc to records."""
