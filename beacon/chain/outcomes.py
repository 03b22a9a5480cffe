"""What Beacon tells the customer (and the agent) for each outcome of a check: bilingual content.

Every outcome has a title, an explanation and the next step, in English and Simplified Chinese, with
{placeholders} filled from the check's parameters. `offers_ticket` marks the outcomes the checks do
not explain: only those lead on to a pre-filled ticket. `tone` picks the badge colour.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

OK, WAIT, PROBLEM, UNKNOWN = "ok", "wait", "problem", "unknown"


@dataclass(frozen=True)
class Outcome:
    code: str
    tone: str
    offers_ticket: bool
    title: Mapping[str, str]
    explanation: Mapping[str, str]
    next_step: Mapping[str, str]


def _o(code: str, tone: str, offers_ticket: bool, title: tuple[str, str], text: tuple[str, str], step: tuple[str, str]) -> Outcome:  # fmt: skip # noqa: E501
    return Outcome(
        code,
        tone,
        offers_ticket,
        {"en": title[0], "zh-hans": title[1]},
        {"en": text[0], "zh-hans": text[1]},
        {"en": step[0], "zh-hans": step[1]},
    )


RETRY_EN = "We could not reach the {network} network; we will retry and update your ticket."
RETRY_ZH = "我们暂时无法连接 {network} 网络；我们会自动重试，并在您的工单中更新结果。"

OUTCOMES: dict[str, Outcome] = {
    o.code: o
    for o in (
        _o("credited", OK, False,
           ("Deposit credited", "充值已到账"),
           ("This deposit of {amount} {asset} was credited to your account on {credited_at}.",
            "这笔 {amount} {asset} 的充值已于 {credited_at} 入账。"),
           ("Check your {asset} balance (funding or spot account). Nothing else is needed.",
            "请查看您的 {asset} 余额（资金账户或现货账户），无需其他操作。")),
        _o("confirming", WAIT, False,
           ("Waiting for confirmations", "等待区块确认"),
           ("The transaction reached your deposit address and has {confirmations} of the {required} "
            "confirmations {network} deposits need.",
            "该交易已转入您的充值地址，目前 {confirmations}/{required} 个确认"
            "（{network} 充值需要 {required} 个确认）。"),
           ("It will be credited automatically, in about {minutes} minutes. No ticket is needed.",
            "达到确认数后将自动入账，预计约 {minutes} 分钟，无需提交工单。")),
        _o("pending", WAIT, False,
           ("Not in a block yet", "交易尚未打包"),
           ("The transaction is known to the {network} network but is still waiting to be included in a block.",
            "{network} 网络已收到该交易，但尚未被打包进区块。"),
           ("Wait for it to be confirmed; if it stays pending for hours, the sender may need to speed it up "
            "(raise the fee) from their wallet.",
            "请等待交易确认；如长时间未打包，请转出方在钱包中加速交易（提高手续费）。")),
        _o("failed", PROBLEM, False,
           ("The transaction failed", "交易失败"),
           ("The transaction was included in block {block} on {network} but failed: no funds were moved.",
            "该交易已被打包进 {network} 的第 {block} 个区块，但执行失败，资金未转出。"),
           ("Nothing can be credited. Ask the sending wallet or platform why it failed and send again.",
            "该交易无法入账。请联系转出钱包或平台了解失败原因，并重新转账。")),
        _o("wrong_recipient", PROBLEM, False,
           ("Sent to another address", "收款地址不是您的充值地址"),
           ("The transaction sent {transfers} to {recipient}, which is not one of your deposit addresses on {network}.",
            "该交易将 {transfers} 转入了 {recipient}，该地址不是您在 {network} 上的充值地址。"),
           ("We cannot credit funds sent to another address. Contact the owner of that address or the sending "
            "platform.",
            "转入其他地址的资金无法为您入账。请联系该地址的所有者或转出平台。")),
        _o("contract_interaction", UNKNOWN, True,
           ("A contract call we cannot read", "无法解析的合约调用"),
           ("The transaction called the contract {recipient} and no transfer to your deposit address shows in its "
            "logs. Transfers made inside a contract are not visible to a standard node.",
            "该交易调用了合约 {recipient}，其日志中没有转入您充值地址的记录。合约内部转账无法通过标准节点查看。"),
           ("Open a request with these facts; our team will trace it.",
            "请提交工单（已附上这些信息），我们的团队会进一步追踪。")),
        _o("unlisted_token", PROBLEM, True,
           ("Token not supported", "不支持的代币"),
           ("The transaction sent a token from contract {contract} to your deposit address, but that token is not "
            "listed on {network}. Unlisted tokens are not credited automatically.",
            "该交易从合约 {contract} 向您的充值地址转入了代币，但该代币未在 {network} 上线，无法自动入账。"),
           ("You can ask for a recovery: open a request with these facts. Recovery is not guaranteed and may "
            "take several weeks.",
            "您可以申请找回：请提交工单（已附上这些信息）。找回不保证成功，可能需要数周。")),
        _o("sent_to_contract", PROBLEM, False,
           ("Sent to the token's contract", "转入了代币合约地址"),
           ("The tokens were sent to the token's own contract address {recipient} instead of your deposit "
            "address.",
            "代币被转入了代币合约本身的地址 {recipient}，而不是您的充值地址。"),
           ("Tokens sent to a contract address are usually locked there for good; we cannot credit them.",
            "转入合约地址的代币通常会被永久锁定，我们无法为您入账。")),
        _o("memo_missing", PROBLEM, True,
           ("Memo / tag missing", "缺少备注（Memo/Tag）"),
           ("Deposits on {network} need your memo/tag {memo} so we can tell the deposit is yours; it was sent "
            "without one.",
            "{network} 充值需要填写您的备注（Memo/Tag）{memo}，我们才能识别这笔充值属于您；这笔转账未填写备注。"),
           ("Open a request with these facts: our team can credit it after verifying you own it.",
            "请提交工单（已附上这些信息）：核实归属后，我们的团队可为您补入账。")),
        _o("memo_mismatch", PROBLEM, True,
           ("Wrong memo / tag", "备注（Memo/Tag）错误"),
           ("The memo/tag {given} is not yours; your {network} memo/tag is {memo}.",
            "备注 {given} 不是您的备注；您在 {network} 上的备注为 {memo}。"),
           ("Open a request with these facts: our team can credit it after verifying you own it.",
            "请提交工单（已附上这些信息）：核实归属后，我们的团队可为您补入账。")),
        _o("below_minimum", PROBLEM, False,
           ("Below the minimum deposit", "低于最小充值数量"),
           ("You deposited {amount} {asset}; the minimum deposit on {network} is {minimum} {asset}.",
            "您充值了 {amount} {asset}；{network} 上的最小充值数量为 {minimum} {asset}。"),
           ("Deposits below the minimum are not credited. Send more so the total reaches the minimum only if "
            "our deposit page says small deposits are added up.",
            "低于最小数量的充值不会入账。仅当充值页面说明小额充值可累计时，才可补充转账使总额达到最小数量。")),
        _o("maintenance", WAIT, False,
           ("Network under maintenance", "网络维护中"),
           ("Deposits on {network} are paused for maintenance until {until}. {note}",
            "{network} 充值正在维护，预计 {until} 恢复。{note}"),
           ("Your deposit will be credited automatically when maintenance ends. No ticket is needed.",
            "维护结束后将自动入账，无需提交工单。")),
        _o("wrong_network", PROBLEM, True,
           ("Sent on another network", "转账网络选择错误"),
           ("This transaction is on {found_network}, not {network}.",
            "该交易位于 {found_network} 网络，而不是 {network}。"),
           ("We do not support this asset on {found_network} for your account; funds can sometimes be recovered. "
            "Open a request with these facts.",
            "您的账户不支持通过 {found_network} 充值该资产；资金有时可以找回。请提交工单（已附上这些信息）。")),
        _o("wrong_network_supported", WAIT, False,
           ("Chosen network differs", "所选网络不一致"),
           ("This transaction is on {found_network}, not {network}, and it went to your {found_network} deposit "
            "address.",
            "该交易位于 {found_network} 网络而不是 {network}，并已转入您在 {found_network} 上的充值地址。"),
           ("Choose {found_network} and check again to see its status.",
            "请选择 {found_network} 网络重新查询状态。")),
        _o("not_found", UNKNOWN, True,
           ("Transaction not found", "未找到该交易"),
           ("We could not find this transaction on {network} or on the networks that share its format.",
            "我们在 {network} 及同类网络上都没有找到该交易。"),
           ("Check the TXID in your wallet. If it was sent minutes ago, check again shortly; otherwise open a "
            "request.",
            "请在钱包中核对交易哈希。如果刚刚转出，请稍后再查；否则请提交工单。")),
        _o("unreachable", UNKNOWN, True,
           ("Network not reachable", "暂时无法连接网络"),
           (RETRY_EN, RETRY_ZH),
           ("You can open a request now; the facts will be added as soon as the network answers.",
            "您可以现在提交工单；网络恢复后，我们会自动补充这些信息。")),
        _o("exchange_unreachable", UNKNOWN, True,
           ("Account records not reachable", "暂时无法读取账户记录"),
           ("We could not reach the exchange's account records to compare with the chain; we will retry and "
            "update your ticket.",
            "我们暂时无法读取交易所的账户记录进行核对；我们会自动重试，并在您的工单中更新结果。"),
           ("You can open a request now; the facts will be added as soon as the records answer.",
            "您可以现在提交工单；记录恢复后，我们会自动补充这些信息。")),
        _o("not_checkable", UNKNOWN, True,
           ("No automatic check for this network", "该网络暂不支持自动查询"),
           ("Beacon cannot look up transactions on {network} automatically yet.",
            "Beacon 暂时无法自动查询 {network} 上的交易。"),
           ("Open a request with the details; our team will check it on the block explorer.",
            "请提交工单并填写详细信息，我们的团队会在区块浏览器上核查。")),
        _o("awaiting_credit", UNKNOWN, True,
           ("Confirmed, not yet credited", "已确认，尚未入账"),
           ("The transaction is confirmed on {network} ({confirmations} confirmations) and sent {transfers} to your "
            "deposit address, but it has not been credited.",
            "该交易已在 {network} 上确认（{confirmations} 个确认），并已向您的充值地址转入 {transfers}，但尚未入账。"),
           ("This needs our team: open a request, the facts are attached.",
            "需要我们的团队处理：请提交工单，相关信息已附上。")),
        # --- withdrawals ------------------------------------------------------------------------
        _o("withdrawal_unknown", UNKNOWN, True,
           ("Not one of your withdrawals", "不是您的提现交易"),
           ("This TXID does not belong to a withdrawal from your account.",
            "该交易哈希不属于您账户的任何提现。"),
           ("If it is a deposit, check it as a deposit. Otherwise open a request.",
            "如果这是一笔充值，请按充值查询；否则请提交工单。")),
        _o("withdrawal_confirmed", OK, False,
           ("Withdrawal completed on chain", "提现已在链上完成"),
           ("Your withdrawal of {amount} {asset} reached {recipient} on {network} and has {confirmations} "
            "confirmations.",
            "您提现的 {amount} {asset} 已在 {network} 上转入 {recipient}，已有 {confirmations} 个确认。"),
           ("The receiving platform must credit it now: contact them with this TXID.",
            "现在需要收款平台为您入账：请携带此交易哈希联系对方。")),
        _o("withdrawal_confirming", WAIT, False,
           ("Withdrawal confirming", "提现确认中"),
           ("Your withdrawal is in block {block} on {network} with {confirmations} of {required} confirmations.",
            "您的提现已在 {network} 第 {block} 个区块，目前 {confirmations}/{required} 个确认。"),
           ("Most platforms credit it after enough confirmations, in about {minutes} minutes.",
            "多数平台会在确认数足够后入账，预计约 {minutes} 分钟。")),
        _o("withdrawal_pending", WAIT, False,
           ("Withdrawal broadcast, not in a block yet", "提现已广播，尚未打包"),
           ("Your withdrawal was broadcast on {network} and is waiting to be included in a block.",
            "您的提现已在 {network} 上广播，正在等待打包。"),
           ("Check again in a few minutes.", "请几分钟后再查询。")),
        _o("withdrawal_failed", PROBLEM, True,
           ("Withdrawal failed on chain", "提现链上执行失败"),
           ("The withdrawal transaction failed on {network}; no funds left the exchange in it.",
            "该提现交易在 {network} 上执行失败，资金未转出。"),
           ("Open a request with these facts so our team can return the funds or send it again.",
            "请提交工单（已附上这些信息），我们的团队会退回资金或重新发送。")),
        _o("withdrawal_not_found", UNKNOWN, True,
           ("Withdrawal not found on chain", "链上未找到该提现"),
           ("Your withdrawal {reference} is marked {status}, but its transaction is not on {network}.",
            "您的提现 {reference} 状态为 {status}，但在 {network} 上找不到对应的交易。"),
           ("Open a request with these facts; our team will check it.",
            "请提交工单（已附上这些信息），我们的团队会核查。")),
    )
}  # fmt: skip


def _pick(texts: Mapping[str, str], language: str | None = None) -> str:
    lang = (language or get_language() or "en").lower()
    return texts.get(lang) or texts.get(lang.split("-")[0]) or texts["en"]


class _Params(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "—"


def render(code: str, params: Mapping[str, Any], language: str | None = None) -> dict[str, str]:
    """Title, explanation and next step of an outcome in the current (or given) language."""
    outcome = OUTCOMES[code]
    values = _Params(params)
    return {
        "title": _pick(outcome.title, language).format_map(values),
        "explanation": _pick(outcome.explanation, language).format_map(values).strip(),
        "next_step": _pick(outcome.next_step, language).format_map(values),
    }
