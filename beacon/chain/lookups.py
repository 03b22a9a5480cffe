"""Ask the nodes: the chosen network first, then (if the TXID is unknown there) every configured
sibling network at once, in threads. No ORM here: callers pass plain NodeConfigs."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from beacon.chain.checks import Lookup
from beacon.chain.clients import FinalCache, NodeConfig, NodeError, NodeUnavailable, TxFacts, client_for
from beacon.chain.networks import normalize_txid, same_family, txid_is_well_formed

logger = logging.getLogger(__name__)


def _ask(config: NodeConfig, txid: str, cache: FinalCache | None) -> TxFacts | None:
    """Facts, None when the node does not know the transaction; NodeUnavailable when it cannot say."""
    try:
        return client_for(config, cache).transaction(normalize_txid(config.network, txid))
    except NodeError as exc:
        logger.warning("chain lookup on %s failed: %s", config.network, exc)
        raise NodeUnavailable(str(exc)) from exc


def _ask_many(configs: list[NodeConfig], txid: str, cache: FinalCache | None) -> tuple[TxFacts | None, list[str]]:
    """The first network (in table order) that knows the TXID, and the networks that did not answer."""
    if not configs:
        return None, []
    unreachable: list[str] = []
    with ThreadPoolExecutor(max_workers=min(8, len(configs))) as pool:
        futures = [(c, pool.submit(_ask, c, txid, cache)) for c in configs]
        found = None
        for config, future in futures:
            try:
                facts = future.result()
            except NodeUnavailable:
                unreachable.append(config.network)
                continue
            if facts is not None and found is None:
                found = facts
    return found, unreachable


def look_up(network: str, txid: str, configs: dict[str, NodeConfig], cache: FinalCache | None = None) -> Lookup:
    """Look `txid` up on `network`; when it is not there, on the networks that share its format.
    With no network (a ticket that did not ask for one), every configured network whose TXID format
    fits is asked, and the one that knows it becomes the primary."""
    if not network:
        candidates = [c for code, c in configs.items() if txid_is_well_formed(code, normalize_txid(code, txid))]
        found, unreachable = _ask_many(candidates, txid, cache)
        return Lookup(
            network=found.network if found else "",
            checkable=bool(candidates),
            facts=found,
            unreachable=found is None and bool(unreachable),
            unreachable_siblings=tuple(unreachable),
        )
    config = configs.get(network)
    if config is None:
        return Lookup(network=network, checkable=False)
    try:
        facts = _ask(config, txid, cache)
    except NodeUnavailable:
        return Lookup(network=network, checkable=True, unreachable=True)
    if facts is not None:
        return Lookup(network=network, checkable=True, facts=facts)
    siblings = [configs[code] for code in same_family(network) if code in configs]
    found, unreachable = _ask_many(siblings, txid, cache)
    return Lookup(
        network=network,
        checkable=True,
        found_elsewhere=found,
        unreachable_siblings=tuple(unreachable),
    )
