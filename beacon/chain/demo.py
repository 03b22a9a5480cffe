"""Demo data for on-chain checks: configured networks and the demo customers' exchange records.

Idempotent: what exists is kept. No RPC URL is set unless BEACON_RPC_<NETWORK> is in the environment
(e.g. BEACON_RPC_ETH=https://…), so out of the box the checker explains what it can from the
exchange's records (credited, memo, maintenance) and says when a network cannot be looked up.
"""

from __future__ import annotations

import os
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from beacon.accounts.models import User
from beacon.chain.models import (
    ChainNetwork,
    ChainToken,
    CreditedDeposit,
    DepositAddress,
    NetworkMaintenance,
    Withdrawal,
    WithdrawalStatus,
)

# code, native asset, decimals, confirmations, seconds per block, native minimum
NETWORKS = [
    ("ETH", "ETH", 18, 12, 12, "0.005"),
    ("BSC", "BNB", 18, 15, 3, "0.01"),
    ("POLYGON", "POL", 18, 64, 2, "1"),
    ("ARBITRUM", "ETH", 18, 20, 1, "0.005"),
    ("BTC", "BTC", 8, 2, 600, "0.0005"),
    ("LTC", "LTC", 8, 6, 150, "0.01"),
    ("TRX", "TRX", 6, 20, 3, "10"),
    ("XRP", "XRP", 6, 1, 4, "20"),
]
TOKENS = [
    ("ETH", "USDT", "0xdac17f958d2ee523a2206206994597c13d831ec7", 6, "10"),
    ("ETH", "USDC", "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", 6, "10"),
    ("BSC", "USDT", "0x55d398326f99059ff775485246999027b3197955", 18, "10"),
    ("POLYGON", "USDT", "0xc2132d05d31c914a87c6611c10748aeb04b58e8f", 6, "10"),
]
ADDRESSES = {
    "customer@beacon.localhost": [
        ("ETH", "0x3f5ce5fbfe3e9af3971dd833d26ba9b5c936f0be", ""),
        ("BSC", "0x3f5ce5fbfe3e9af3971dd833d26ba9b5c936f0be", ""),
        ("POLYGON", "0x3f5ce5fbfe3e9af3971dd833d26ba9b5c936f0be", ""),
        ("BTC", "bc1qm34lsc65zpw79lxes69zkqmk6ee3ewf0j77s3h", ""),
        ("XRP", "rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh", "10023344"),
        ("TRX", "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL", ""),
    ],
    "wang.fang@beacon.localhost": [
        ("ETH", "0x28c6c06298d514db089934071355e5743bf21d60", ""),
        ("BSC", "0x28c6c06298d514db089934071355e5743bf21d60", ""),
        ("BTC", "bc1qgdjqv0av3q56jvd82tkdjpy7gdp9ut8tlqmgrpmv24sq90ecnvqqjwvw97", ""),
        ("XRP", "rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh", "20077001"),
    ],
    "sam@beacon.localhost": [("ETH", "0x21a31ee1afc51d94c2efccaa2092ad1028285549", "")],
    "lena@beacon.localhost": [("LTC", "ltc1qg82tk6m6v9rgdcqcsvyr6yxvt2j0ntwzvr28mq", "")],
}
CREDITED_TXID = "0x" + "5e" * 32


@transaction.atomic
def load_demo_chain() -> None:
    networks = {}
    for code, native, decimals, confirmations, block_seconds, minimum in NETWORKS:
        networks[code], _created = ChainNetwork.objects.get_or_create(
            code=code,
            defaults={
                "rpc_url": os.environ.get(f"BEACON_RPC_{code}", ""),
                "native_asset": native,
                "native_decimals": decimals,
                "required_confirmations": confirmations,
                "block_seconds": block_seconds,
                "native_min_deposit": Decimal(minimum),
            },
        )
    for code, symbol, contract, decimals, minimum in TOKENS:
        ChainToken.objects.get_or_create(
            network=networks[code],
            contract=contract,
            defaults={"symbol": symbol, "decimals": decimals, "min_deposit": Decimal(minimum)},
        )
    NetworkMaintenance.objects.get_or_create(
        network=networks["POLYGON"],
        note_en="Polygon wallet upgrade: deposits are credited when it ends.",
        defaults={
            "starts_at": timezone.now() - timedelta(hours=1),
            "note_zh": "Polygon 钱包升级中：维护结束后充值将自动入账。",
        },
    )
    customers = {u.email: u for u in User.objects.filter(email__in=ADDRESSES)}
    for email, rows in ADDRESSES.items():
        customer = customers.get(email)
        if customer is None:
            continue
        for network, address, memo in rows:
            DepositAddress.objects.get_or_create(
                network=network, address=address, memo=memo, defaults={"customer": customer}
            )
    alex = customers.get("customer@beacon.localhost")
    sam = customers.get("sam@beacon.localhost")
    if alex is not None:
        CreditedDeposit.objects.get_or_create(
            network="ETH",
            txid=CREDITED_TXID,
            asset="USDT",
            address=ADDRESSES["customer@beacon.localhost"][0][1],
            defaults={"customer": alex, "amount": Decimal("250"), "credited_at": timezone.now() - timedelta(days=1)},
        )
        Withdrawal.objects.get_or_create(
            reference="W88213377",
            defaults={
                "customer": alex,
                "network": "BTC",
                "asset": "BTC",
                "amount": Decimal("0.05"),
                "address": "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh",
                "status": WithdrawalStatus.PROCESSING,
                "created_at": timezone.now() - timedelta(hours=6),
            },
        )
    if sam is not None:
        Withdrawal.objects.get_or_create(
            reference="W88231001",
            defaults={
                "customer": sam,
                "network": "ETH",
                "asset": "USDT",
                "amount": Decimal("1200"),
                "address": "0x71660c4005ba85c37ccec55d0c4493e66fe775d3",
                "txid": "0x" + "7a" * 32,
                "status": WithdrawalStatus.COMPLETED,
                "created_at": timezone.now() - timedelta(days=2),
            },
        )
