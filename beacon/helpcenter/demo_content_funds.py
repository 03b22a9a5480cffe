# ruff: noqa: E501  (prose and Chinese text read better unwrapped)
"""Demo help-center content: deposits and withdrawals (English and Simplified Chinese)."""

from __future__ import annotations

from typing import Any

FUNDS: list[dict[str, Any]] = [
    {
        "key": "deposit-not-credited",
        "kind": "article",
        "category": "deposits",
        "en": {
            "title": "Deposit not credited: what to check",
            "phrasings": ["my deposit has not arrived", "crypto sent but balance not updated", "deposit missing"],
            "body": """Most deposits arrive within minutes, but a deposit is only credited after the network has
confirmed it a set number of times. If your balance has not changed, check these points in order:

1. **Find the transaction ID (TXID)** in the wallet or platform you sent from, and open it on a block
   explorer for that network.
2. **Status**: the transfer must show as *success* / *confirmed*. A pending or failed transfer cannot be credited.
3. **Confirmations**: compare them with the number shown on the deposit page for that network.
4. **Address and network**: the recipient must be the deposit address shown in your account, on the
   same network you chose (for example USDT on TRC20 is not USDT on ERC20).
5. **Memo / tag**: assets such as XRP, XLM, EOS and ATOM also need the memo or tag from the deposit page.
6. **Minimum amount**: deposits below the minimum are not credited automatically.

If every check passes and the deposit is still missing after an hour, submit a request with the TXID,
asset, network and amount. Never send us your password, 2FA codes or seed phrase.""",
        },
        "zh": {
            "title": "充币未到账怎么办？",
            "phrasings": ["充值未到账", "充币没到", "币转过来了但余额没变", "充值一直不到账"],
            "body": """大多数充币会在几分钟内到账，但只有在区块网络达到规定的确认数后才会入账。如果您的余额没有变化，请按顺序检查：

1. **找到交易哈希（TXID）**：在转出的钱包或平台中找到 TXID，并在对应网络的区块浏览器中打开。
2. **交易状态**：必须显示为“成功 / 已确认”。处理中或失败的转账无法入账。
3. **确认数**：与充币页面上该网络要求的确认数进行对比。
4. **地址与网络**：收款地址必须是您账户中显示的充币地址，且网络一致（例如 TRC20 的 USDT 与 ERC20 的 USDT 不同）。
5. **MEMO / 标签**：XRP、XLM、EOS、ATOM 等币种还需要填写充币页面上的 MEMO 或标签。
6. **最小充值数量**：低于最小充值数量的充币不会自动到账。

如果以上检查都通过，一小时后仍未到账，请提交工单并附上 TXID、币种、网络和数量。请勿向我们提供密码、双重验证码或助记词。""",
        },
    },
    {
        "key": "deposit-wrong-network",
        "kind": "article",
        "category": "deposits",
        "en": {
            "title": "I deposited on the wrong network",
            "phrasings": [
                "sent USDT on the wrong chain",
                "wrong network deposit recovery",
                "sent BEP20 to ERC20 address",
            ],
            "body": """Ethereum, BNB Smart Chain, Polygon and other EVM networks share the same address format, so a
transfer to the right address on the wrong network can succeed on chain and still not reach your account.

- If the network is **supported by us** for that asset, the deposit is usually recovered: submit a request
  with the TXID and the network you actually used.
- If the network or token is **not supported**, recovery may be impossible or take several weeks and carry a fee.
- Tokens sent **to the token contract address** itself cannot be recovered by anyone.

Before every deposit, select the same network on both sides and send a small test amount first.""",
        },
        "zh": {
            "title": "充币时选错了网络（错链）怎么办？",
            "phrasings": ["转错网络", "充错链了", "USDT 充到了别的链", "BEP20 转到了 ERC20 地址"],
            "body": """以太坊、BNB 智能链、Polygon 等 EVM 网络的地址格式相同，因此向正确地址但错误网络的转账，可能在链上显示成功，却无法到达您的账户。

- 如果该币种在**我们支持的网络**上，通常可以找回：请提交工单并提供 TXID 以及实际使用的网络。
- 如果网络或代币**不受支持**，可能无法找回，或需要数周时间并收取费用。
- 直接转入**代币合约地址**的资产，任何人都无法找回。

每次充币前，请确认转出和转入两端选择相同的网络，并先小额测试。""",
        },
    },
    {
        "key": "deposit-missing-memo",
        "kind": "faq",
        "category": "deposits",
        "en": {
            "title": "I forgot the memo or tag when depositing. Can I get my funds back?",
            "phrasings": ["deposit without memo", "XRP deposit missing destination tag", "wrong tag on deposit"],
            "body": """Yes, in most cases. Deposits of XRP, XLM, EOS, ATOM and similar assets are matched to your account by
the memo or tag. Without it we cannot credit the deposit automatically.

Submit a request with the TXID, the asset and the amount, and a screenshot of the withdrawal record on
the sending platform. Our team verifies ownership and credits the funds manually; this can take a few
working days.""",
        },
        "zh": {
            "title": "充币时忘记填写 MEMO 或标签，还能找回吗？",
            "phrasings": ["充币没填备注", "XRP 没有填标签", "MEMO 填错了", "忘记填写备注"],
            "body": """大多数情况下可以找回。XRP、XLM、EOS、ATOM 等币种通过 MEMO（备注 / 标签）识别您的账户，缺少它我们无法自动入账。

请提交工单，提供 TXID、币种、数量，以及转出平台的提币记录截图。我们核实资产归属后将人工入账，通常需要几个工作日。""",
        },
    },
    {
        "key": "deposit-confirmations",
        "kind": "faq",
        "category": "deposits",
        "en": {
            "title": "How many confirmations does a deposit need?",
            "phrasings": [
                "deposit pending confirmations",
                "how long until my deposit is credited",
                "block confirmations required",
            ],
            "body": """Each network has its own requirement, shown on the deposit page next to the address. Typical values:
Bitcoin 1–2 confirmations, Ethereum and ERC20 tokens 12–64, TRON (TRC20) 19–20, BNB Smart Chain 15.

The deposit appears as *pending* in your history as soon as we see it, and is credited when the count is
reached. During network congestion this can take longer than usual.""",
        },
        "zh": {
            "title": "充币需要多少个区块确认？",
            "phrasings": ["确认数不够", "充币要等多久", "充值需要几个确认"],
            "body": """每个网络的要求不同，充币页面的地址旁边会显示。常见的确认数：比特币 1–2 个，以太坊及 ERC20 代币 12–64 个，波场（TRC20）19–20 个，BNB 智能链 15 个。

我们检测到交易后，充币记录会显示为“处理中”，达到确认数后即到账。网络拥堵时可能比平时更慢。""",
        },
    },
    {
        "key": "withdrawal-pending",
        "kind": "article",
        "category": "withdrawals",
        "en": {
            "title": "Why is my withdrawal still processing?",
            "phrasings": ["withdrawal stuck", "withdrawal pending for hours", "withdrawal under review"],
            "body": """A withdrawal goes through three stages: **review**, **broadcast** and **confirmation on chain**.

- *Under review*: new addresses, large amounts or changes to your security settings in the last 24 hours
  can trigger a manual review. It usually finishes within a few hours.
- *Processing*: the transaction is being signed and broadcast. If the network is in maintenance, it waits
  until the network is open again (see Announcements).
- *Completed*: the transaction has a TXID and is on chain. The receiving platform then credits it after its
  own confirmations.

If a withdrawal has been processing for more than 2 hours with no announcement about the network, submit a
request with the withdrawal ID.""",
        },
        "zh": {
            "title": "提币一直显示处理中，为什么？",
            "phrasings": ["提币卡住了", "提现一直在审核", "提币好几个小时没到", "提币失败"],
            "body": """提币会经过三个阶段：**审核**、**广播**和**链上确认**。

- *审核中*：新地址、大额提币，或 24 小时内修改过安全设置，都可能触发人工审核，通常几小时内完成。
- *处理中*：交易正在签名并广播。如果该网络正在钱包维护，会等网络恢复后再处理（请查看公告）。
- *已完成*：交易已有 TXID 并已上链，接收平台会在达到其确认数后入账。

如果提币处理超过 2 小时且没有相关网络的维护公告，请提交工单并提供提币 ID。""",
        },
    },
    {
        "key": "withdrawal-completed-not-received",
        "kind": "faq",
        "category": "withdrawals",
        "en": {
            "title": "My withdrawal shows completed but the other platform has not received it",
            "phrasings": [
                "withdrawal complete but not received",
                "sent to another exchange not arrived",
                "withdrawal successful funds missing",
            ],
            "body": """*Completed* means the transaction was broadcast and confirmed on chain: the funds have left our platform.
Open the TXID on a block explorer to see the recipient address and confirmations.

If the explorer shows success, the receiving platform has to credit it: contact their support with the TXID.
If you forgot a memo or tag required by the recipient, ask them to recover it. We cannot reverse an on-chain
transaction.""",
        },
        "zh": {
            "title": "提币显示已完成，但对方平台没有收到",
            "phrasings": ["提币成功但没到账", "提到别的交易所没收到", "提现完成对方没收到"],
            "body": """“已完成”表示交易已广播并在链上确认，资产已离开我们的平台。请在区块浏览器中打开 TXID，查看收款地址和确认数。

如果区块浏览器显示成功，需要由接收平台入账，请携带 TXID 联系对方客服。如果您漏填了对方要求的 MEMO 或标签，请向对方申请找回。链上交易无法撤回。""",
        },
    },
    {
        "key": "withdrawal-fees-minimum",
        "kind": "faq",
        "category": "withdrawals",
        "en": {
            "title": "What are the withdrawal fees and minimum amounts?",
            "phrasings": ["withdrawal fee too high", "minimum withdrawal amount", "network fee for withdrawal"],
            "body": """The fee pays the network (gas) and depends on the asset and the network you choose, not on the amount.
The withdrawal page shows the fee and the minimum for each network before you confirm.

Tip: the same asset is often much cheaper to withdraw on TRC20, BNB Smart Chain or a layer-2 network than on
Ethereum. Make sure the receiving platform supports that network first.""",
        },
        "zh": {
            "title": "提币手续费和最小提币数量是多少？",
            "phrasings": ["提币手续费太高", "最小提币额", "提现要多少矿工费"],
            "body": """手续费用于支付网络的矿工费（燃料费），取决于币种和所选网络，与提币数量无关。提币页面会在您确认前显示每个网络的手续费和最小提币数量。

提示：同一币种通过 TRC20、BNB 智能链或二层网络提币，通常比以太坊便宜很多。请先确认接收平台支持该网络。""",
        },
    },
    {
        "key": "withdrawal-whitelist",
        "kind": "faq",
        "category": "withdrawals",
        "en": {
            "title": "How does the withdrawal whitelist work?",
            "phrasings": ["address book whitelist", "only withdraw to saved addresses", "new address withdrawal lock"],
            "body": """When the whitelist is on, you can only withdraw to addresses saved in your address book. Adding an address
needs your 2FA code and e-mail confirmation, and new addresses can be locked for 24 hours.

Turn it on under **Security › Withdrawal whitelist**. It is one of the best protections if your password is
ever stolen.""",
        },
        "zh": {
            "title": "提币白名单是如何工作的？",
            "phrasings": ["地址簿白名单", "只能提到常用地址", "新地址提币锁定"],
            "body": """开启提币白名单后，您只能向地址簿中保存的地址提币。添加地址需要双重验证码和邮箱确认，新地址可能会被锁定 24 小时。

在 **安全中心 › 提币白名单** 中开启。万一密码被盗，它是最有效的保护之一。""",
        },
    },
]
