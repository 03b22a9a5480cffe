# ruff: noqa: E501  (prose and Chinese text read better unwrapped)
"""Demo help-center content: security, verification, API, P2P and futures (English and Chinese)."""

from __future__ import annotations

from typing import Any

ACCOUNTS: list[dict[str, Any]] = [
    {
        "key": "enable-2fa",
        "kind": "article",
        "category": "two-factor",
        "en": {
            "title": "How to turn on two-factor authentication (2FA)",
            "phrasings": ["set up Google Authenticator", "enable 2FA", "add an authenticator app"],
            "body": """Two-factor authentication asks for a one-time code from your phone at sign-in and before withdrawals.

1. Install an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password…).
2. Go to **Security › Two-factor authentication** and scan the QR code.
3. **Write down the setup key** on paper and keep it offline: it is the only way to restore the codes on a new phone.
4. Enter the 6-digit code to finish.

SMS codes can be stolen through SIM swapping; an authenticator app or a security key is safer.""",
        },
        "zh": {
            "title": "如何开启双重验证（2FA）",
            "phrasings": ["绑定谷歌验证器", "开启谷歌验证", "怎么设置二次验证"],
            "body": """双重验证会在登录和提币时要求输入手机上的一次性验证码。

1. 安装身份验证器应用（谷歌验证器、Microsoft Authenticator、1Password 等）。
2. 进入 **安全中心 › 双重验证**，扫描二维码。
3. **把密钥抄写在纸上**离线保存：这是在新手机上恢复验证码的唯一方法。
4. 输入 6 位验证码完成绑定。

短信验证码可能因 SIM 卡被劫持而被盗取，身份验证器应用或安全密钥更安全。""",
        },
    },
    {
        "key": "lost-2fa",
        "kind": "faq",
        "category": "two-factor",
        "en": {
            "title": "I lost my phone with the authenticator app. How do I reset 2FA?",
            "phrasings": ["lost Google Authenticator", "new phone 2FA codes gone", "reset two-factor authentication"],
            "body": """If you saved the setup key, add it to an authenticator app on the new phone and the same codes appear.

Otherwise use **Security › Reset 2FA** on the sign-in page. For your protection the reset needs identity
verification (a selfie with your ID), and withdrawals are locked for 24–48 hours after it. Support staff will
never ask you for your password or for codes in chat.""",
        },
        "zh": {
            "title": "手机丢了，谷歌验证器没了，如何重置双重验证？",
            "phrasings": ["丢失谷歌验证器", "换手机了验证码收不到", "重置双重验证", "谷歌验证码丢失"],
            "body": """如果您保存了密钥，在新手机的验证器应用中添加该密钥，就会出现相同的验证码。

否则，请在登录页使用 **安全中心 › 重置双重验证**。为保护您的资产，重置需要身份认证（手持证件自拍），重置后 24–48 小时内将限制提币。客服绝不会在聊天中索要您的密码或验证码。""",
        },
    },
    {
        "key": "2fa-code-invalid",
        "kind": "faq",
        "category": "two-factor",
        "en": {
            "title": "My 2FA code is always wrong",
            "phrasings": ["authenticator code invalid", "Google Authenticator code not working", "2FA code incorrect"],
            "body": """Authenticator codes depend on the time on your phone. Turn on **automatic date and time** in the phone
settings (in Google Authenticator on Android: *Settings › Time correction for codes › Sync now*) and try a fresh
code. Make sure you use the entry for this account if the app holds several.""",
        },
        "zh": {
            "title": "双重验证码总是提示错误",
            "phrasings": ["谷歌验证码错误", "验证码不对", "身份验证器验证码无效"],
            "body": """验证器的验证码依赖手机时间。请在手机设置中开启**自动设置日期和时间**（安卓谷歌验证器：*设置 › 验证码时间校正 › 立即同步*），然后使用新的验证码重试。如果应用中有多个账户，请确认使用的是本账户的条目。""",
        },
    },
    {
        "key": "anti-phishing-code",
        "kind": "article",
        "category": "account-security",
        "en": {
            "title": "What is the anti-phishing code and how do I set it?",
            "phrasings": ["set anti phishing code", "how to tell a real email from a fake one", "phishing email check"],
            "body": """The anti-phishing code is a word you choose. Every genuine e-mail and support chat message from us shows it.
An e-mail without your code, or with a different one, is not from us: do not click its links.

Set it under **Security › Anti-phishing code** (your 2FA code is needed). Choose something nobody can guess,
and never tell it to anyone, including people who claim to be support staff.""",
        },
        "zh": {
            "title": "什么是防钓鱼码？如何设置？",
            "phrasings": ["设置防钓鱼码", "怎么辨别官方邮件", "收到可疑邮件"],
            "body": """防钓鱼码是您自己设置的一段文字。我们发出的每一封真实邮件和客服聊天消息都会显示它。没有防钓鱼码或防钓鱼码不一致的邮件都不是我们发送的，请不要点击其中的链接。

在 **安全中心 › 防钓鱼码** 中设置（需要双重验证码）。请设置别人猜不到的内容，也不要告诉任何人，包括自称客服的人。""",
        },
    },
    {
        "key": "support-never-asks",
        "kind": "article",
        "category": "account-security",
        "en": {
            "title": "What our support team will never ask you",
            "phrasings": ["is this support agent real", "someone asked for my seed phrase", "fake customer service"],
            "body": """Scammers pose as support staff on Telegram, WhatsApp, X and by phone. Genuine support **never**:

- asks for your password, 2FA or SMS codes, **seed phrase (mnemonic)** or **private keys**;
- asks you to install remote-access software or to "verify" your wallet on a website;
- contacts you first from a personal account;
- asks you to send funds, pay a fee or move assets to a "safe" address.

Use the official channel verification page to check a website, e-mail address or social account. If you
already shared a seed phrase, move your funds to a new wallet immediately.""",
        },
        "zh": {
            "title": "官方客服绝不会向您索要的信息",
            "phrasings": ["客服是真的吗", "有人找我要助记词", "假冒客服", "冒充客服诈骗"],
            "body": """诈骗者会在 Telegram、WhatsApp、X 和电话中冒充客服。真正的客服**绝不会**：

- 索要您的密码、双重验证码或短信验证码、**助记词**或**私钥**；
- 让您安装远程控制软件，或在某个网站“验证”钱包；
- 用个人账号主动联系您；
- 让您转账、支付手续费或把资产转到“安全地址”。

请使用官方渠道验证页面核实网站、邮箱或社交账号。如果您已泄露助记词，请立即把资产转移到新钱包。""",
        },
    },
    {
        "key": "account-compromised",
        "kind": "article",
        "category": "account-security",
        "en": {
            "title": "My account was hacked: what to do now",
            "phrasings": ["unauthorized withdrawal", "someone logged into my account", "freeze my account"],
            "body": """Act immediately:

1. **Freeze the account**: use *Disable account* in the app, or the link in any security e-mail from us. This
   stops sign-ins, trading and withdrawals at once.
2. Change the password of your e-mail account and remove unknown forwarding rules.
3. Submit a request in the *Account security* category with your UID, the time of the last sign-in you
   recognise and what was done without you.

Re-opening a frozen account requires identity verification. Our team handles compromised accounts first.""",
        },
        "zh": {
            "title": "账户被盗了，现在该怎么办？",
            "phrasings": ["账户被盗", "有人登录了我的账户", "冻结账户", "资产被转走"],
            "body": """请立即操作：

1. **冻结账户**：在 App 中使用“冻结账户”，或点击我们任意一封安全邮件中的链接。这会立刻停止登录、交易和提币。
2. 修改您邮箱的密码，并删除陌生的邮件转发规则。
3. 在“账户安全”类别提交工单，提供 UID、您确认的最后一次登录时间，以及哪些操作不是您本人进行的。

解冻账户需要身份认证。我们会优先处理账户被盗问题。""",
        },
    },
    {
        "key": "kyc-levels",
        "kind": "article",
        "category": "verification",
        "en": {
            "title": "Identity verification (KYC): levels and documents",
            "phrasings": ["what documents for KYC", "verify my identity", "increase withdrawal limit verification"],
            "body": """| Level | What we need | What it unlocks |
|---|---|---|
| Basic | Name, date of birth, country | Deposits, trading |
| Verified | Passport, national ID card or driving licence + a live selfie | Withdrawals, P2P |
| Advanced | Proof of address (utility bill or bank statement, < 3 months) | Higher limits |

Photos must show all four corners of the document, with no glare and nothing covered. Review usually takes
minutes and at most 48 hours.""",
        },
        "zh": {
            "title": "身份认证（KYC）等级与所需材料",
            "phrasings": ["实名认证需要什么材料", "如何完成身份认证", "提高提币额度认证"],
            "body": """| 等级 | 所需材料 | 可以使用 |
|---|---|---|
| 初级 | 姓名、出生日期、国家 | 充币、交易 |
| 中级 | 护照、身份证或驾照 + 人脸识别 | 提币、P2P |
| 高级 | 地址证明（3 个月内的水电费账单或银行流水） | 更高额度 |

证件照片需完整显示四个角，无反光、无遮挡。审核通常几分钟内完成，最长 48 小时。""",
        },
    },
    {
        "key": "kyc-failed",
        "kind": "faq",
        "category": "verification",
        "en": {
            "title": "Why did my identity verification fail?",
            "phrasings": ["KYC rejected", "verification failed face recognition", "ID document not accepted"],
            "body": """The most common reasons: a blurry or cropped photo, an expired document, a name that differs from the one
in your account, or a selfie in poor light. Some countries and document types are not supported.

The rejection e-mail names the reason. Fix it and submit again; after three failures, submit a request in the
*Identity verification* category and tell us the error shown.""",
        },
        "zh": {
            "title": "身份认证为什么失败？",
            "phrasings": ["实名认证被拒绝", "人脸识别失败", "认证失败", "证件不通过"],
            "body": """常见原因：照片模糊或不完整、证件已过期、姓名与账户不一致、自拍光线太暗。部分国家和证件类型暂不支持。

拒绝邮件中会写明原因。修正后重新提交即可；连续失败三次后，请在“身份认证”类别提交工单，并告诉我们页面显示的错误。""",
        },
    },
    {
        "key": "api-key-create",
        "kind": "article",
        "category": "api",
        "en": {
            "title": "Creating an API key safely",
            "phrasings": ["create API key", "API key permissions", "bind IP to API key"],
            "body": """Go to **Account › API management** and create a key with a label.

- Give it **only the permissions it needs**: reading and spot trading are enough for most bots. Enable
  withdrawals only with an **IP allow-list**.
- The secret key is shown **once**. Store it in your bot's configuration, never in a chat or a screenshot.
- Delete keys you no longer use. If a secret leaks, delete the key immediately.

Support only ever needs the public part of a key (the first characters), never the secret.""",
        },
        "zh": {
            "title": "如何安全地创建 API 密钥",
            "phrasings": ["创建 API 密钥", "API 权限设置", "API 绑定 IP 白名单"],
            "body": """进入 **账户 › API 管理**，填写备注名后创建密钥。

- **只授予需要的权限**：大多数量化机器人只需要读取和现货交易权限。只有在绑定 **IP 白名单** 后才开启提币权限。
- 密钥（Secret）只显示**一次**。请保存在机器人的配置中，不要发在聊天里或截图。
- 删除不再使用的密钥。密钥一旦泄露，请立即删除。

客服只需要 API Key 的公开部分（前几位字符），绝不需要 Secret。""",
        },
    },
    {
        "key": "api-signature-error",
        "kind": "faq",
        "category": "api",
        "en": {
            "title": "API error: invalid signature or timestamp outside recvWindow",
            "phrasings": [
                "signature for this request is not valid",
                "timestamp for this request was outside the recvWindow",
                "API error 1021",
            ],
            "body": """**Invalid signature**: sign the exact query string you send (parameters in the same order, URL-encoded the
same way) with HMAC-SHA256 and your secret; for POST requests include the body.

**Timestamp outside recvWindow**: your server clock is off. Sync it with NTP, send the timestamp in
milliseconds, and keep recvWindow at 5000 ms or less.""",
        },
        "zh": {
            "title": "API 报错：签名错误或时间戳超出 recvWindow",
            "phrasings": ["签名错误", "时间戳错误", "API 报错 1021", "接口签名不正确"],
            "body": """**签名错误**：请对实际发送的查询字符串（参数顺序和 URL 编码方式完全一致）使用 HMAC-SHA256 和您的 Secret 签名；POST 请求需包含请求体。

**时间戳超出 recvWindow**：服务器时间不准。请用 NTP 同步时间，以毫秒为单位发送时间戳，并把 recvWindow 设置为不超过 5000 毫秒。""",
        },
    },
    {
        "key": "p2p-seller-not-releasing",
        "kind": "article",
        "category": "p2p",
        "en": {
            "title": "P2P: I paid but the seller has not released the crypto",
            "phrasings": ["seller not releasing coins", "P2P appeal", "paid but no crypto received P2P"],
            "body": """Your crypto is held in escrow as soon as the order starts, so it is safe.

1. Make sure you clicked **Transferred, notify seller** after paying.
2. Message the seller in the order chat; banks can take time to show incoming payments.
3. If the seller does not respond within the payment window, click **Appeal** and upload proof of payment
   (a bank receipt showing amount, time and recipient).

Never pay outside the order page and never cancel an order you have already paid.""",
        },
        "zh": {
            "title": "P2P：我已付款，商家一直不放币",
            "phrasings": ["商家不放币", "P2P 申诉", "付款了没收到币", "卖家不放币"],
            "body": """订单开始后，您购买的币已由平台托管，资产是安全的。

1. 付款后请确认已点击 **“已付款，通知卖家”**。
2. 在订单聊天中联系商家；银行到账可能需要一些时间。
3. 如果商家在付款时限内没有回应，请点击 **申诉** 并上传付款凭证（显示金额、时间和收款人的银行回单）。

请勿在订单页面之外付款，也不要取消已经付款的订单。""",
        },
    },
    {
        "key": "p2p-payment-safety",
        "kind": "faq",
        "category": "p2p",
        "en": {
            "title": "How do I trade safely on P2P?",
            "phrasings": ["P2P scam", "P2P safety tips", "buyer asks to release before payment"],
            "body": """As a seller, release only after the money is **in your account** — not on the strength of a screenshot.
As a buyer, pay only the account shown in the order, in your own name, and never write crypto-related words
in the payment note. Keep every conversation inside the order chat.""",
        },
        "zh": {
            "title": "如何安全地进行 P2P 交易？",
            "phrasings": ["P2P 被骗", "P2P 交易注意事项", "买家让我先放币"],
            "body": """作为卖家，请在款项**确实到账**后再放币，不要只看截图。作为买家，只向订单中显示的账户付款，使用本人名下账户，付款备注中不要写与数字货币相关的词语。所有沟通请在订单聊天中进行。""",
        },
    },
    {
        "key": "futures-liquidation",
        "kind": "article",
        "category": "futures",
        "en": {
            "title": "How liquidation works in futures",
            "phrasings": ["why was my position liquidated", "liquidation price", "mark price vs last price"],
            "body": """A position is liquidated when its margin falls below the maintenance margin. We use the **mark price**,
not the last traded price, so a brief spike on one market does not liquidate you.

- **Isolated margin**: only the margin of that position can be lost.
- **Cross margin**: your whole futures balance backs every position.
- Higher leverage moves the liquidation price closer to your entry price.

To dispute a liquidation, submit a request with the position or order ID, margin mode, leverage and the
liquidation time (UTC).""",
        },
        "zh": {
            "title": "合约爆仓（强平）是如何发生的",
            "phrasings": ["为什么爆仓了", "强平价格", "标记价格和最新价格", "合约被强平"],
            "body": """当仓位保证金低于维持保证金时，仓位会被强制平仓。我们使用**标记价格**而不是最新成交价，因此单个市场的瞬间插针不会导致爆仓。

- **逐仓**：最多损失该仓位的保证金。
- **全仓**：合约账户的全部余额为所有仓位提供担保。
- 杠杆越高，强平价格离开仓价越近。

如对强平有异议，请提交工单并提供仓位或订单 ID、保证金模式、杠杆倍数和强平时间（UTC）。""",
        },
    },
    {
        "key": "futures-funding-rate",
        "kind": "faq",
        "category": "futures",
        "en": {
            "title": "What is the funding rate?",
            "phrasings": ["funding fee charged", "perpetual funding rate explained", "why was I charged funding"],
            "body": """Perpetual contracts have no expiry; the funding rate keeps their price close to the spot price. Every 8 hours,
traders on one side pay traders on the other: when the rate is positive, longs pay shorts; when negative,
shorts pay longs. You pay or receive funding only if you hold a position at the funding time.""",
        },
        "zh": {
            "title": "什么是资金费率？",
            "phrasings": ["资金费用扣款", "永续合约资金费率", "为什么扣了资金费"],
            "body": """永续合约没有到期日，资金费率让合约价格贴近现货价格。每 8 小时，一方向另一方支付资金费用：费率为正时多头支付空头，为负时空头支付多头。只有在结算时刻持有仓位才会支付或收取资金费用。""",
        },
    },
]
