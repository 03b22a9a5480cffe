"""Bilingual demo data: teams, categories (fields from the exchanges' own forms) and tickets."""

from __future__ import annotations

from typing import Any

from beacon.tickets.enums import Priority


def label(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh-hans": zh}


TEAMS = [
    ("general", "General support", "综合支持"),
    ("funds", "Funds", "资金"),
    ("security", "Security", "安全"),
    ("verification", "Verification", "身份认证"),
]

CATEGORIES: list[dict[str, Any]] = [
    {
        "slug": "account-security",
        "team": "security",
        "priority": Priority.P1,
        "name": ("Account security / hacked account", "账户安全 / 账户被盗"),
        "description": (
            "Unauthorized logins, trades or withdrawals; lost 2FA device.",
            "未经授权的登录、交易或提现；丢失双重验证设备。",
        ),
        "fields": [
            {"name": "uid", "type": "uid", "required": True, "label": label("Your UID", "您的 UID")},
            {
                "name": "last_good_login",
                "type": "datetime",
                "label": label("Last sign-in you recognise", "您确认的最后一次登录时间"),
            },
            {
                "name": "unauthorized_actions",
                "type": "longtext",
                "required": True,
                "label": label("What was done without you?", "哪些操作不是您本人进行的？"),
            },
            {
                "name": "account_locked",
                "type": "yesno",
                "label": label("Is the account already locked?", "账户是否已冻结？"),
            },
        ],
    },
    {
        "slug": "deposit",
        "team": "funds",
        "priority": Priority.P2,
        "name": ("Deposit not credited", "充值未到账"),
        "description": ("A deposit has not arrived in your account.", "充币/充值未到账。"),
        "fields": [
            {"name": "asset", "type": "asset", "required": True, "label": label("Asset", "币种")},
            {"name": "network", "type": "network", "required": True, "label": label("Network", "网络")},
            {
                "name": "txid",
                "type": "txid",
                "required": True,
                "label": label("Transaction ID (TXID)", "交易哈希 (TXID)"),
                "help": label(
                    "From your wallet's transaction details or the block explorer.",
                    "可在钱包交易详情或区块浏览器中找到。",
                ),
            },
            {"name": "amount", "type": "amount", "required": True, "label": label("Amount", "数量")},
            {"name": "address", "type": "address", "label": label("Deposit address", "充值地址")},
            {"name": "memo", "type": "memo", "label": label("Memo / tag", "备注 / 标签 (Memo/Tag)")},
            {
                "name": "sending_platform",
                "type": "text",
                "label": label("Sent from (wallet or exchange)", "转出平台（钱包或交易所）"),
            },
        ],
    },
    {
        "slug": "withdrawal",
        "team": "funds",
        "priority": Priority.P2,
        "name": ("Withdrawal", "提现问题"),
        "description": ("A withdrawal is stuck, failed or did not arrive.", "提现卡住、失败或未到账。"),
        "fields": [
            {"name": "withdrawal_id", "type": "uid", "required": True, "label": label("Withdrawal ID", "提现 ID")},
            {"name": "asset", "type": "asset", "required": True, "label": label("Asset", "币种")},
            {"name": "network", "type": "network", "label": label("Network", "网络")},
            {"name": "txid", "type": "txid", "label": label("TXID (if shown)", "交易哈希（如有）")},
            {"name": "destination_platform", "type": "text", "label": label("Destination platform", "目标平台")},
        ],
    },
    {
        "slug": "kyc",
        "team": "verification",
        "priority": Priority.P3,
        "name": ("Identity verification (KYC)", "身份认证 (KYC)"),
        "description": ("Verification failed or is taking long.", "认证失败或审核时间过长。"),
        "fields": [
            {
                "name": "country",
                "type": "text",
                "required": True,
                "label": label("Country of your document", "证件签发国家/地区"),
            },
            {
                "name": "document_type",
                "type": "choice",
                "required": True,
                "label": label("Document type", "证件类型"),
                "choices": [
                    {"value": "passport", "label": label("Passport", "护照")},
                    {"value": "id_card", "label": label("National ID card", "身份证")},
                    {"value": "driving_licence", "label": label("Driving licence", "驾驶证")},
                    {"value": "residence_permit", "label": label("Residence permit", "居留许可")},
                ],
            },
            {"name": "error_shown", "type": "text", "label": label("Error message shown", "显示的错误信息")},
        ],
    },
    {
        "slug": "trading",
        "team": "general",
        "priority": Priority.P3,
        "name": ("Trading / orders", "交易 / 订单"),
        "description": ("Spot orders that filled unexpectedly or not at all.", "现货订单异常成交或未成交。"),
        "fields": [
            {"name": "symbol", "type": "text", "required": True, "label": label("Symbol", "交易对")},
            {"name": "order_id", "type": "uid", "required": True, "label": label("Order ID", "订单号")},
            {"name": "time_utc", "type": "datetime", "label": label("Time (UTC)", "时间 (UTC)")},
        ],
    },
    {
        "slug": "futures",
        "team": "general",
        "priority": Priority.P2,
        "name": ("Futures / liquidation", "合约 / 强平"),
        "description": ("Liquidations, funding, margin.", "强平、资金费率、保证金问题。"),
        "fields": [
            {
                "name": "position_id",
                "type": "uid",
                "required": True,
                "label": label("Position or order ID", "仓位或订单 ID"),
            },
            {
                "name": "margin_mode",
                "type": "choice",
                "label": label("Margin mode", "保证金模式"),
                "choices": [
                    {"value": "cross", "label": label("Cross", "全仓")},
                    {"value": "isolated", "label": label("Isolated", "逐仓")},
                ],
            },
            {"name": "leverage", "type": "text", "label": label("Leverage", "杠杆倍数")},
            {"name": "liquidation_price", "type": "amount", "label": label("Liquidation price", "强平价格")},
        ],
    },
    {
        "slug": "p2p",
        "team": "funds",
        "priority": Priority.P2,
        "name": ("P2P trade", "P2P 交易"),
        "description": ("Appeals, unreleased coins, payment problems.", "申诉、未放币、付款问题。"),
        "fields": [
            {"name": "order_number", "type": "uid", "required": True, "label": label("Order number", "订单编号")},
            {
                "name": "role",
                "type": "choice",
                "required": True,
                "label": label("You are the", "您是"),
                "choices": [
                    {"value": "buyer", "label": label("Buyer", "买方")},
                    {"value": "seller", "label": label("Seller", "卖方")},
                ],
            },
            {"name": "appeal_reason", "type": "longtext", "label": label("Reason for the appeal", "申诉原因")},
        ],
    },
    {
        "slug": "api",
        "team": "general",
        "priority": Priority.P3,
        "name": ("API", "API 问题"),
        "description": ("Errors from the REST or WebSocket API.", "REST 或 WebSocket API 报错。"),
        "fields": [
            {
                "name": "api_key_public",
                "type": "text",
                "label": label("API key (public part only)", "API Key（仅公开部分）"),
                "help": label("Never send the secret key.", "切勿发送 Secret Key。"),
            },
            {"name": "endpoint", "type": "text", "label": label("Endpoint", "接口")},
            {"name": "error_code", "type": "text", "label": label("Error code", "错误码")},
        ],
    },
    {
        "slug": "general",
        "team": "general",
        "priority": Priority.P3,
        "name": ("Something else", "其他问题"),
        "description": ("Anything not listed above.", "以上未列出的问题。"),
        "fields": [],
    },
]

ETH_TX = "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"
BTC_TX = "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16"
TRX_TX = "2b5c6f8f4e3a3c6d1b2e8a9f0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d"

# (customer, category, subject, body, fields, agent actions: list of (kind, text) / ("status", value))
TICKETS: list[dict[str, Any]] = [
    {
        "who": 0,
        "cat": "deposit",
        "subject": "USDT deposit on TRC20 not credited after 2 hours",
        "body": "I sent 1,250 USDT from my OKX account over TRON two hours ago. The explorer shows it confirmed but my balance is still 0.",
        "fields": {"asset": "USDT", "network": "TRX", "txid": TRX_TX, "amount": "1250", "sending_platform": "OKX"},
        "replies": [
            (
                "public",
                "Thanks, we can see the transaction on TRON with 40 confirmations. We are checking why it was not credited.",
            ),
            ("status", "pending"),
        ],
    },
    {
        "who": 1,
        "cat": "deposit",
        "subject": "ETH 充值未到账",
        "body": "我从 MetaMask 转了 0.8 ETH 到平台充值地址，已经过去一个小时，还是没有到账。",
        "fields": {"asset": "ETH", "network": "ETH", "txid": ETH_TX, "amount": "0.8", "sending_platform": "MetaMask"},
    },
    {
        "who": 0,
        "cat": "withdrawal",
        "subject": "BTC withdrawal stuck in processing",
        "body": "My withdrawal of 0.05 BTC has been 'processing' since this morning.",
        "fields": {"withdrawal_id": "W88213377", "asset": "BTC", "network": "BTC", "destination_platform": "Ledger"},
        "replies": [
            ("internal", "Hot wallet top-up scheduled 14:00 UTC; batch will go out after."),
            ("public", "Your withdrawal is in the next batch. You will get the TXID by e-mail."),
        ],
    },
    {
        "who": 2,
        "cat": "account-security",
        "subject": "Someone logged in from Russia and withdrew my funds",
        "body": "I received a login alert from an IP I don't know and then a withdrawal of 3,000 USDT I did not make. Please freeze my account!",
        "fields": {
            "uid": "10029381",
            "unauthorized_actions": "Withdrawal of 3000 USDT to an unknown address",
            "account_locked": "no",
        },
    },
    {
        "who": 1,
        "cat": "account-security",
        "subject": "手机丢了，无法接收谷歌验证码",
        "body": "我的手机丢了，谷歌验证器也没了，现在无法登录，请帮我重置双重验证。",
        "fields": {"uid": "20038812", "unauthorized_actions": "无，只是无法登录", "account_locked": "no"},
        "replies": [
            ("public", "为保障您的账户安全，请通过“重置双重验证”流程提交身份验证。我们绝不会向您索要密码或验证码。"),
            ("status", "pending"),
        ],
    },
    {
        "who": 3,
        "cat": "kyc",
        "subject": "KYC rejected: document blurry",
        "body": "My passport photo was rejected three times as blurry, but it is sharp.",
        "fields": {"country": "Germany", "document_type": "passport", "error_shown": "Document image quality too low"},
    },
    {
        "who": 1,
        "cat": "kyc",
        "subject": "身份认证审核已经三天了",
        "body": "我三天前提交了身份证认证，现在仍显示审核中。",
        "fields": {"country": "中国香港", "document_type": "id_card"},
    },
    {
        "who": 0,
        "cat": "trading",
        "subject": "Limit order filled at a worse price",
        "body": "My limit buy for BTC/USDT at 61,000 filled at 61,240. How is that possible?",
        "fields": {"symbol": "BTC/USDT", "order_id": "882199201", "time_utc": "2026-11-19T08:12"},
        "replies": [
            (
                "public",
                "A limit buy can fill at a better price, never worse. The order history shows a market order at 08:12; could that be the one?",
            ),
            ("status", "solved"),
        ],
    },
    {
        "who": 2,
        "cat": "futures",
        "subject": "Liquidated although mark price never reached my liquidation price",
        "body": "ETHUSDT perpetual, isolated 20x. Last price spiked but mark price did not. Please review.",
        "fields": {
            "position_id": "P-5521",
            "margin_mode": "isolated",
            "leverage": "20x",
            "liquidation_price": "3012.5",
        },
    },
    {
        "who": 1,
        "cat": "futures",
        "subject": "合约爆仓，强平价格不对",
        "body": "我的 BTC 合约在标记价格没有到强平价的情况下被强平了。",
        "fields": {"position_id": "P-7781", "margin_mode": "cross", "leverage": "10x"},
    },
    {
        "who": 3,
        "cat": "p2p",
        "subject": "Seller has not released USDT after payment",
        "body": "I paid 500 EUR by SEPA 3 hours ago. The seller does not answer.",
        "fields": {"order_number": "P2P-220931", "role": "buyer", "appeal_reason": "Paid, coins not released"},
    },
    {
        "who": 1,
        "cat": "p2p",
        "subject": "P2P 买家已标记付款但我没收到钱",
        "body": "买家点了已付款，但我的银行账户没有收到款项，请问怎么处理？",
        "fields": {"order_number": "P2P-220988", "role": "seller"},
        "replies": [("public", "在确认收款之前请不要放币。我们已介入该订单。"), ("status", "on_hold")],
    },
    {
        "who": 0,
        "cat": "api",
        "subject": "API returns -1021 timestamp outside recvWindow",
        "body": "Since yesterday every signed request fails with -1021. Server clock is NTP-synced.",
        "fields": {"api_key_public": "vmPUZE6mv9SD5VNH", "endpoint": "/api/v3/order", "error_code": "-1021"},
    },
    {
        "who": 2,
        "cat": "api",
        "subject": "WebSocket disconnects every 24 hours",
        "body": "Our market-data stream disconnects exactly every 24h. Is this expected?",
        "fields": {"endpoint": "wss stream"},
        "replies": [
            ("public", "Yes: connections are closed after 24 hours. Reconnect automatically and resubscribe."),
            ("status", "solved"),
        ],
    },
    {
        "who": 3,
        "cat": "general",
        "subject": "How do I change my anti-phishing code?",
        "body": "I want to change the anti-phishing code shown in e-mails.",
        "fields": {},
        "replies": [
            ("public", "Go to Account → Security → Anti-phishing code; you will be asked for 2FA."),
            ("status", "solved"),
        ],
    },
    {"who": 1, "cat": "general", "subject": "如何关闭短信通知？", "body": "我不想再收到交易短信通知。", "fields": {}},
    {
        "who": 0,
        "cat": "deposit",
        "subject": "Sent BNB on the wrong network",
        "body": "I deposited BNB via BSC but chose ETH as network on your page. Can you recover it?",
        "fields": {"asset": "BNB", "network": "BSC", "txid": "0x" + "3f" * 32, "amount": "2.5"},
    },
    {
        "who": 3,
        "cat": "deposit",
        "subject": "XRP deposit without destination tag",
        "body": "I forgot the destination tag when sending XRP.",
        "fields": {"asset": "XRP", "network": "XRP", "txid": "C" * 64, "amount": "800", "sending_platform": "Kraken"},
    },
    {
        "who": 2,
        "cat": "withdrawal",
        "subject": "Withdrawal completed but not received",
        "body": "Status says completed, the receiving exchange does not show it.",
        "fields": {
            "withdrawal_id": "W88231001",
            "asset": "USDT",
            "network": "ETH",
            "txid": "0x" + "7a" * 32,
            "destination_platform": "Coinbase",
        },
        "replies": [
            (
                "public",
                "Completed means it was broadcast on chain; the receiving platform must credit it. Please contact them with this TXID.",
            ),
            ("status", "pending"),
        ],
    },
    {
        "who": 1,
        "cat": "withdrawal",
        "subject": "提币显示失败，资金去哪了？",
        "body": "我提币 200 USDT 显示失败，但余额也没有退回。",
        "fields": {"withdrawal_id": "W77120931", "asset": "USDT", "network": "TRX"},
    },
    {
        "who": 0,
        "cat": "account-security",
        "subject": "Received a suspicious e-mail claiming to be support",
        "body": "An e-mail asked me to verify my wallet at binance-support-verify.com. Is it you?",
        "fields": {"uid": "10029381", "unauthorized_actions": "None, just a phishing e-mail"},
    },
    {
        "who": 3,
        "cat": "trading",
        "subject": "Stop-limit did not trigger",
        "body": "My stop at 2.10 on SOL/USDT did not trigger although price went to 2.05.",
        "fields": {"symbol": "SOL/USDT", "order_id": "991823301"},
    },
    {
        "who": 1,
        "cat": "trading",
        "subject": "现货订单无法撤销",
        "body": "订单一直显示撤销中。",
        "fields": {"symbol": "ETH/USDT", "order_id": "771233001"},
    },
    {
        "who": 2,
        "cat": "kyc",
        "subject": "Address proof not accepted",
        "body": "My utility bill was rejected for address verification.",
        "fields": {"country": "United Kingdom", "document_type": "driving_licence"},
        "replies": [
            ("public", "Bank statements and utility bills must be less than 3 months old. Please upload a recent one."),
            ("status", "pending"),
        ],
    },
    {
        "who": 0,
        "cat": "general",
        "subject": "Fee discount with platform token?",
        "body": "Do I get a trading fee discount if I pay fees with the platform token?",
        "fields": {},
        "replies": [("public", "Yes, 25% off spot fees when the option is enabled."), ("status", "closed")],
    },
    {
        "who": 1,
        "cat": "deposit",
        "subject": "BTC 充值需要多少确认？",
        "body": "我的 BTC 充值已经有 1 个确认，什么时候到账？",
        "fields": {"asset": "BTC", "network": "BTC", "txid": BTC_TX, "amount": "0.12"},
        "replies": [("public", "BTC 充值需要 2 个网络确认后到账，请耐心等待。"), ("status", "solved")],
    },
    {
        "who": 3,
        "cat": "futures",
        "subject": "Funding fee charged twice",
        "body": "I was charged funding twice at 08:00 UTC.",
        "fields": {"position_id": "P-9001"},
    },
    {
        "who": 2,
        "cat": "p2p",
        "subject": "Buyer sent a fake payment screenshot",
        "body": "The buyer claims to have paid and sent a screenshot, but nothing arrived.",
        "fields": {"order_number": "P2P-221045", "role": "seller", "appeal_reason": "Fake payment proof"},
    },
    {
        "who": 0,
        "cat": "api",
        "subject": "IP allow-list change not applied",
        "body": "I added a new server IP to my API key's allow-list but get 'IP not allowed'.",
        "fields": {"api_key_public": "Yq8kLmN2pQ7rS4tU", "endpoint": "/api/v3/account", "error_code": "-2015"},
    },
    {
        "who": 1,
        "cat": "account-security",
        "subject": "账户被盗，有人修改了我的邮箱",
        "body": "我收到邮件提示绑定邮箱被修改，这不是我操作的！请立即冻结账户。",
        "fields": {"uid": "20038812", "unauthorized_actions": "绑定邮箱被修改", "account_locked": "no"},
    },
]
