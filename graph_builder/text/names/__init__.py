"""Find the names of institutions and projects in running text, by their heads.

A name ends in a head word from data/name_suffixes.tsv (实验室, 医院, 产业园, 高铁 ...). From the
head, the name is read leftwards word by word until a boundary (``boundaries``): punctuation, a
governing verb or function word from data/name_boundaries.txt (支持, 打造, 争创 ...), a quantity (10个)
or a year. A candidate whose words before the head are all generic (data/generic_words.txt: 省级,
重点 ...) names a category, not an institution, and is dropped; one with a generic head (中心, 项目)
must also hold a proper word: a place, Latin letters, a quotation or a word outside the dictionary
(``finder``). Lists that share a head (A、B等项目) give each item the head. A project named by a
generic head (工程, 项目) takes its kind from cue words (data/project_cues.tsv: 机场, 光伏, 引水 ...).
Programmes named by the text's shape rather than a proper word (``programmes``): a box's title (专栏3
X提升工程), a quotation before a programme head (“X”行动计划); a list of three or more items sharing a
generic head (A工程、实施B工程、C工程) names each. A platform that runs a service (信息平台, 交易平台,
监管平台) is a system being built, a project; one that gathers research (创新平台) an institution.
Government bodies (市发展改革委, 财政局, 某某区政府) are read by ``bodies`` from the heads of
data/government_heads.tsv; companies written as brands by ``lists`` from the category that closes their
list (A、B等企业). jieba's dictionary tags (``tags``) say which words never stand inside a name
(prepositions, pronouns, particles) and which never open one (verbs, adverbs, time words).
The tables are in ``rules``, the shapes of the text around names in ``shapes``. This package sees text
and word offsets only.
"""

from __future__ import annotations

from policykg.graph_builder.text.names.finder import NameMention, find_names
from policykg.graph_builder.text.names.rules import name_rules
from policykg.graph_builder.text.names.shapes import ABBREVIATION_NOTE

__all__ = ["ABBREVIATION_NOTE", "NameMention", "find_names", "name_rules"]
