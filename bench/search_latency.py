"""Search latency at 10k and 100k help-center articles, on SQLite FTS5 and PostgreSQL.

    .venv/bin/python bench/search_latency.py [--backends sqlite,postgres] [--sizes 10000,100000]

Synthetic bilingual articles (half zh-Hans, half English) are made from the exchange vocabulary
with Zipf-distributed word frequencies, so common words ("deposit", 充币) match a large share of
the index, as in a real help center. Their words are segmented once per vocabulary word and the
documents are bulk-inserted (core.search.indexing.bulk_add), which keeps the set-up to a minute or
two. Each query goes through the whole `search()` call the portal and the bot use: segmentation,
synonyms, the backend query (language filter, ranking, top 10) and the highlighted snippets.
Target: p95 under 20 ms at 100k articles.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_common import progress, run_workers, setup_django

ZH_WORDS = (  # noqa: SIM905  (a readable word list)
    "充币 提币 到账 未到账 充值 提现 网络 地址 交易哈希 确认数 区块 手续费 最小 数量 钱包 维护 暂停 恢复 账户 安全 "
    "双重验证 谷歌验证器 验证码 重置 手机 丢失 防钓鱼码 邮件 官方 客服 助记词 私钥 冻结 解冻 登录 密码 身份认证 护照 "
    "身份证 人脸识别 失败 审核 合约 爆仓 强平 杠杆 保证金 逐仓 全仓 标记价格 资金费率 仓位 订单 商家 放币 付款 申诉 "
    "银行 转账 凭证 接口 密钥 签名 错误 时间戳 权限 白名单 标签 备注 主网 错链 找回 时间 小时 提交 工单 处理 成功 显示"
).split()
EN_WORDS = (  # noqa: SIM905
    "deposit withdrawal credited network address transaction confirmations block fee minimum amount wallet "
    "maintenance paused resumed account security authenticator code reset phone lost phishing email official "
    "support seed phrase private key freeze login password verification passport identity selfie failed review "
    "futures liquidation leverage margin isolated cross mark price funding position order seller release payment "
    "appeal bank transfer receipt api key signature error timestamp permission whitelist memo tag mainnet wrong "
    "recover time hours submit ticket processing success shows pending usdt btc eth trc20 erc20 bep20 explorer"
).split()
FILLER_EN = ["the", "your", "a", "to", "of", "and", "is", "for", "on", "in", "with", "it", "this", "that", "you"]
QUERIES = [
    "充值未到账",
    "充币没到",
    "deposit not credited",
    "USDT 充值 pending",
    "提币 一直 处理中",
    "丢了谷歌验证器",
    "reset 2fa lost phone",
    "合约 爆仓 标记价格",
    "api signature error timestamp",
    "P2P 商家不放币 申诉",
    "防钓鱼码",
    "wrong network usdt trc20",
]


def zipf_weights(n: int) -> list[float]:
    return [1 / (rank + 1) for rank in range(n)]


def make_documents(start: int, count: int, rng: random.Random) -> tuple[list, list]:
    from beacon.core import text
    from beacon.core.search.backends.base import PreparedText
    from beacon.core.search.indexing import Document

    zh_weights, en_weights = zipf_weights(len(ZH_WORDS)), zipf_weights(len(EN_WORDS))
    terms = {word: text.terms(word) for word in (*ZH_WORDS, *EN_WORDS)}
    documents, prepared = [], []
    for number in range(start, start + count):
        chinese = number % 2 == 0
        vocabulary, weights = (ZH_WORDS, zh_weights) if chinese else (EN_WORDS, en_weights)
        title = rng.choices(vocabulary, weights, k=rng.randint(4, 8))
        body = rng.choices(vocabulary, weights, k=rng.randint(60, 140))
        joiner = "" if chinese else " "
        if not chinese:
            body = [w if rng.random() > 0.3 else f"{w} {rng.choice(FILLER_EN)}" for w in body]
        documents.append(
            Document(
                kind="article" if number % 3 else "faq",
                object_id=number,
                language="zh-hans" if chinese else "en",
                title=joiner.join(title),
                body=joiner.join(body),
                url=f"/help/x/{number}/",
                category=f"c{number % 12}",
            )
        )
        prepared.append(
            PreparedText(
                title=[t for w in title for t in terms[w]],
                body=[t for w in body for t in terms[w.split()[0]]],
            )
        )
    return documents, prepared


def fill(current: int, target: int, rng: random.Random) -> None:
    from django.db import connection

    from beacon.core.search.indexing import bulk_add

    started = time.perf_counter()
    batch = 5000
    for start in range(current, target, batch):
        documents, prepared = make_documents(start, min(batch, target - start), rng)
        bulk_add(documents, prepared)
        progress(f"    {start + len(documents):>7}/{target} articles ({time.perf_counter() - started:.0f} s)")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "postgresql" else "PRAGMA optimize")
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


def measure(rounds: int, rng: random.Random) -> dict[str, float]:
    from beacon.core.search.engine import search

    generated = [" ".join(rng.sample(EN_WORDS[:40], rng.randint(2, 4))) for _ in range(20)]
    generated += ["".join(rng.sample(ZH_WORDS[:40], rng.randint(2, 3))) for _ in range(20)]
    queries = QUERIES + generated
    for query in queries:  # warm caches (jieba, synonyms, database pages)
        search(query, languages=["zh-hans" if any("\u4e00" <= c <= "\u9fff" for c in query) else "en"])
    timings, cpu, counts = [], [], []
    for _ in range(rounds):
        for query in queries:
            language = "zh-hans" if any("\u4e00" <= c <= "\u9fff" for c in query) else "en"
            started, started_cpu = time.perf_counter(), time.thread_time()
            hits = search(query, languages=[language], limit=10)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - started_cpu) * 1000)
            counts.append(len(hits))
    timings.sort()
    cpu.sort()
    return {
        "queries": len(timings),
        "p50": statistics.median(timings),
        "p95": timings[int(0.95 * len(timings)) - 1],
        "p99": timings[int(0.99 * len(timings)) - 1],
        "max": timings[-1],
        # CPU time of this process only: the whole cost on SQLite (in-process), the client's share
        # on PostgreSQL. Shows what the query costs when other work competes for the cores.
        "cpu_p50": statistics.median(cpu),
        "cpu_p95": cpu[int(0.95 * len(cpu)) - 1],
        "load": os.getloadavg()[0],
        "empty": sum(1 for c in counts if c == 0),
    }


def worker(backend: str, sizes: list[int], rounds: int) -> None:
    setup_django()
    from beacon.core.search import services
    from beacon.helpcenter.demo import SYNONYMS

    for terms in SYNONYMS:
        services.save_synonym_group(None, None, terms)
    rng = random.Random(2026)
    rows, current = [], 0
    for size in sizes:
        progress(f"  [{backend}] filling to {size} articles…")
        started = time.perf_counter()
        fill(current, size, rng)
        load_seconds = time.perf_counter() - started
        current = size
        progress(f"  [{backend}] measuring at {size}…")
        rows.append({"size": size, "load_s": load_seconds, **measure(rounds, rng)})
    print(json.dumps({"backend": backend, "rows": rows}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--rounds", type=int, default=5, help="Times each of the 52 queries is run (default 5).")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    if args.worker:
        worker(args.worker, sizes, args.rounds)
        return
    extra = ["--sizes", args.sizes, "--rounds", str(args.rounds)]
    results = run_workers("search_latency.py", args.backends.split(","), extra)
    print(
        f"\n  {'backend':10} {'articles':>9} {'fill s':>6} {'queries':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'max ms':>7} {'cpu p50':>7} {'cpu p95':>7} {'loadavg':>7}"
    )
    for result in results:
        for row in result["rows"]:
            verdict = "ok" if row["p95"] < 20 else "over target"
            wall = f"{row['p50']:>7.2f} {row['p95']:>7.2f} {row['p99']:>7.2f} {row['max']:>7.2f}"
            cpu = f"{row['cpu_p50']:>7.2f} {row['cpu_p95']:>7.2f}"
            print(
                f"  {result['backend']:10} {row['size']:>9} {row['load_s']:>6.0f} {row['queries']:>7} {wall} {cpu} "
                f"{row['load']:>7.1f}  {verdict}"
            )
    print("  (p50–max: wall clock; cpu: this process only; loadavg: 1-minute load while measuring, 2 cores)")


if __name__ == "__main__":
    main()
