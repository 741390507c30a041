"""English labels for Chinese names and titles: glossary, CC-CEDICT, inflection and pinyin."""
