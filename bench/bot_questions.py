"""Questions for bench/bot_eval.py: paraphrases of the demo help center's topics, written the way
traders ask (not copied from titles or alternative phrasings), in English and Chinese.

Each topic's questions alternate between the tuning half (even positions) and the test half (odd
positions), so both halves cover every topic and the test half is never used to choose weights.
"""

from __future__ import annotations

# An incident the evaluation publishes: "why is my withdrawal stuck?" must be answered with it.
INCIDENT = {
    "slug": "eth-withdrawal-delays",
    "title_en": "Delayed withdrawals on the Ethereum network",
    "title_zh": "以太坊网络提币延迟",
    "body_en": "Withdrawals on the Ethereum (ERC20) network are delayed because of network congestion. Your funds "
    "are safe; pending withdrawals will be processed as soon as the backlog clears. No action is needed.",
    "body_zh": "由于网络拥堵，以太坊（ERC20）网络的提币出现延迟。"
    "您的资产安全，待处理的提币将在积压消除后尽快处理，无需任何操作。",
    "affected": ["ETH", "ERC20", "USDT"],
}
INCIDENT_GROUP = "incident"

TOPICS: dict[str, dict[str, list[str]]] = {
    "deposit-not-credited": {
        "en": [
            "I transferred BTC to my account an hour ago and it still isn't showing",
            "where is my deposit? the coins left my wallet",
            "my balance didn't go up after I sent ETH",
            "sent crypto from another exchange, nothing received yet",
        ],
        "zh": [
            "我转了币过来，账户里还是没有",
            "充的 USDT 一直没到账户",
            "从别的平台转过来的币没收到",
            "币已经从钱包转出了，余额没有增加",
        ],
    },
    "deposit-wrong-network": {
        "en": [
            "I picked BSC but the address was for Ethereum, are my funds lost?",
            "can you recover tokens I sent over the wrong blockchain",
            "I used Polygon instead of ERC20 for my deposit",
            "chose the wrong network when depositing USDT",
        ],
        "zh": [
            "充值的时候网络选错了，币还能找回吗",
            "我用 BSC 链转到了以太坊地址",
            "选错链转账了怎么办",
            "USDT 走错网络了能退回吗",
        ],
    },
    "deposit-missing-memo": {
        "en": [
            "I sent XRP without the destination tag",
            "forgot to put the memo on my XLM transfer",
            "my EOS deposit has no memo, what happens now",
            "entered the wrong tag for my ATOM deposit",
        ],
        "zh": ["转 XRP 的时候没填 tag", "充币忘了写 MEMO 怎么办", "备注填错了币还能到账吗", "XLM 充值没有写备注"],
    },
    "deposit-confirmations": {
        "en": [
            "how many block confirmations before my deposit counts",
            "deposit shows 3 of 12 confirmations, how long",
            "why do I have to wait for confirmations",
            "how long does a bitcoin deposit take to arrive",
        ],
        "zh": ["充值需要等多少个确认", "显示确认中要等多久", "区块确认数是多少", "比特币充值多久能到"],
    },
    "withdrawal-pending": {
        "en": [
            "my withdrawal has said processing for 5 hours",
            "why hasn't my withdrawal gone through yet",
            "withdrawal request is under review, how long does that take",
            "cash out still pending since this morning",
        ],
        "zh": ["提币申请一直在处理中", "提现审核要多久", "我的提币为什么还没发出", "提币等了一上午还没好"],
    },
    "withdrawal-completed-not-received": {
        "en": [
            "withdrawal status is completed but my wallet shows nothing",
            "sent coins to Binance, says done here but not arrived there",
            "the withdrawal was successful but the receiving exchange has nothing",
            "your site says sent but my other wallet is empty",
        ],
        "zh": [
            "提币显示成功了但是钱包里没有",
            "已完成的提币对方没到账",
            "提到另一个平台，这边显示完成那边没收到",
            "提现成功了但收款方没收到",
        ],
    },
    "withdrawal-fees-minimum": {
        "en": [
            "how much does it cost to withdraw USDT",
            "what is the smallest amount I can withdraw",
            "why is the withdrawal fee so expensive",
            "is there a minimum for withdrawing bitcoin",
        ],
        "zh": ["提 USDT 要多少手续费", "最少能提多少币", "提币费用为什么这么贵", "比特币最小提现金额是多少"],
    },
    "withdrawal-whitelist": {
        "en": [
            "how do I add an address to the withdrawal whitelist",
            "can I restrict withdrawals to my own saved addresses",
            "why can't I withdraw to a newly added address",
            "what is the address whitelist feature",
        ],
        "zh": [
            "怎么添加提币白名单地址",
            "新添加的地址为什么不能马上提币",
            "如何只允许提到我保存的地址",
            "提币地址白名单是什么",
        ],
    },
    "enable-2fa": {
        "en": [
            "how do I activate two factor on my account",
            "I want to link an authenticator app for extra security",
            "steps to set up 2-step verification",
            "how to bind Google Authenticator",
        ],
        "zh": ["怎么开启两步验证", "如何绑定身份验证器", "我想加一个谷歌验证保护账户", "二次验证在哪里设置"],
    },
    "lost-2fa": {
        "en": [
            "my phone broke and I can't get my authenticator codes",
            "I got a new phone and lost Google Authenticator",
            "how can I remove 2FA if I don't have my old phone",
            "lost access to my two-factor app",
        ],
        "zh": [
            "手机坏了谷歌验证器没了怎么办",
            "换了新手机验证器丢了",
            "没有旧手机怎么解绑谷歌验证",
            "身份验证器丢了怎么重置",
        ],
    },
    "2fa-code-invalid": {
        "en": [
            "the authenticator keeps saying my code is wrong",
            "Google Authenticator codes are rejected every time",
            "why does my 6 digit 2FA code not work",
            "two factor code invalid error when logging in",
        ],
        "zh": ["谷歌验证码一直提示不正确", "输入验证码总是错误", "两步验证码无效是怎么回事", "身份验证器的码用不了"],
    },
    "anti-phishing-code": {
        "en": [
            "what is an anti-phishing code for",
            "how can I check an email really comes from you",
            "where do I set the code that appears in your emails",
            "I got a suspicious email claiming to be from the exchange",
        ],
        "zh": [
            "防钓鱼码有什么用",
            "怎么确认邮件是官方发的",
            "在哪里设置邮件里显示的安全码",
            "收到一封假装是交易所的邮件",
        ],
    },
    "support-never-asks": {
        "en": [
            "an agent on Telegram wants my recovery phrase, is that normal",
            "does support ever ask for my password",
            "someone from customer service asked for my private key",
            "will your staff ever ask for my 2FA code",
        ],
        "zh": [
            "客服让我提供助记词正常吗",
            "官方客服会要我的密码吗",
            "有人自称客服要我的私钥",
            "工作人员会问我要验证码吗",
        ],
    },
    "account-compromised": {
        "en": [
            "I think my account has been hacked",
            "there was a login from a country I've never been to",
            "my coins were withdrawn and it wasn't me",
            "how do I lock my account right now",
        ],
        "zh": ["我的账号好像被盗了", "有陌生地方登录了我的账户", "我的币被人提走了", "怎么马上冻结我的账户"],
    },
    "kyc-levels": {
        "en": [
            "which documents do I need to verify my identity",
            "how do I complete KYC",
            "what are the verification levels",
            "I need higher withdrawal limits, what verification is required",
        ],
        "zh": ["身份认证要准备哪些证件", "怎么完成实名认证", "认证等级有哪些", "想提高提币额度需要什么认证"],
    },
    "kyc-failed": {
        "en": [
            "my identity verification was rejected",
            "face scan keeps failing during KYC",
            "why was my passport not accepted",
            "KYC failed, what should I do",
        ],
        "zh": ["实名认证没通过", "人脸识别一直失败", "为什么我的护照被拒了", "身份认证失败怎么办"],
    },
    "api-key-create": {
        "en": [
            "how do I generate an API key for my trading bot",
            "which permissions should my API key have",
            "can I restrict my API key to certain IP addresses",
            "set up API access for a trading script",
        ],
        "zh": ["怎么生成 API 密钥", "API 密钥应该开哪些权限", "API 怎么限制 IP 地址", "量化机器人怎么申请 API"],
    },
    "api-signature-error": {
        "en": [
            "my API calls fail with an invalid signature error",
            "getting a recvWindow timestamp error from the API",
            "API returns -1021 timestamp error",
            "signature mismatch when calling the REST API",
        ],
        "zh": ["API 调用提示签名无效", "接口返回时间戳超出 recvWindow", "API 返回 -1021 错误", "调用接口签名不匹配"],
    },
    "p2p-seller-not-releasing": {
        "en": [
            "I paid the P2P seller but they haven't released my USDT",
            "merchant hasn't released the coins after my bank transfer",
            "how do I appeal a P2P order",
            "paid for a P2P order 30 minutes ago and got nothing",
        ],
        "zh": ["P2P 付款了卖家还不放币", "银行转账了商家不放币怎么办", "P2P 订单怎么申诉", "付完款半小时了还没收到币"],
    },
    "p2p-payment-safety": {
        "en": [
            "how to avoid scams on P2P",
            "buyer says he paid but I see nothing, should I release",
            "tips for safe peer to peer trading",
            "is it safe to release crypto before the money arrives",
        ],
        "zh": [
            "P2P 交易怎么防骗",
            "买家说付款了但我没收到钱，要放币吗",
            "P2P 交易有什么安全建议",
            "钱没到账可以先放币吗",
        ],
    },
    "futures-liquidation": {
        "en": [
            "why did my futures position get liquidated",
            "how is the liquidation price calculated",
            "my long got closed automatically even though price didn't reach my stop",
            "difference between mark price and last price",
        ],
        "zh": [
            "我的合约仓位为什么被强平",
            "爆仓价格是怎么计算的",
            "价格没到我的止损为什么被平仓了",
            "标记价格和最新成交价有什么区别",
        ],
    },
    "futures-funding-rate": {
        "en": [
            "what is the funding fee on perpetual contracts",
            "why was I charged a funding payment",
            "how often is funding paid",
            "explain the funding rate",
        ],
        "zh": ["永续合约的资金费是什么", "为什么扣了我资金费", "资金费多久收一次", "资金费率是怎么回事"],
    },
    INCIDENT_GROUP: {
        "en": [
            "why is my withdrawal stuck?",
            "are ETH withdrawals delayed right now?",
            "is there a problem with withdrawals today",
            "my ERC20 withdrawal is taking forever, is something wrong",
        ],
        "zh": [
            "为什么我的提币卡住了？",
            "现在以太坊提币是不是延迟了",
            "今天提币是不是出问题了",
            "ERC20 提币一直不到，是系统问题吗",
        ],
    },
}

# No help-center content answers these: the right outcome is a hand-over (or, for chit-chat, no guess).
OUT_OF_SCOPE: dict[str, list[str]] = {
    "en": [
        "can you lend me 500 USDT",
        "what will the price of bitcoin be next week",
        "I want to apply for a job at your company",
        "do you have an office in Singapore I can visit",
        "my order book data looks wrong in the mobile app dark mode",
        "can you change the email address on my account to my new one",
        "what is the weather like in Hong Kong",
        "why did you close my margin account without notice",
        "how do I delete my account permanently",
        "do you accept Apple Pay for buying crypto",
        "how does your referral program pay commissions",
        "when will you list the PEPE token",
        "is there a desktop app for Windows",
        "I want to change the phone number on my profile",
        "can I get a refund of the trading fees I paid last month",
        "are you hiring community moderators in Vietnam",
    ],
    "zh": [
        "能借我 500 USDT 吗",
        "下周比特币会涨到多少",
        "我想应聘你们公司的职位",
        "你们在新加坡有办公室吗",
        "手机 App 深色模式下盘口显示不对",
        "能帮我把账户邮箱改成新的吗",
        "香港今天天气怎么样",
        "为什么没有通知就关闭了我的杠杆账户",
        "怎么永久注销我的账户",
        "可以用支付宝直接买币吗",
        "邀请返佣是怎么计算的",
        "你们什么时候上线 PEPE",
        "有没有 Windows 电脑版客户端",
        "我想修改绑定的手机号",
        "上个月的交易手续费可以退吗",
        "你们招聘社区管理员吗",
    ],
}

# Asked for a person: the bot must hand over without trying to answer.
PERSON: dict[str, list[str]] = {
    "en": ["I want to talk to a human", "connect me with an agent please", "real person please", "agent"],
    "zh": ["转人工", "我要人工客服", "找真人", "人工"],
}


def split(questions: list[str]) -> tuple[list[str], list[str]]:
    """(tuning, test): even positions tune, odd positions test."""
    return questions[0::2], questions[1::2]
