"""Demo registry of official channels (idempotent)."""

from __future__ import annotations

from beacon.trust.services import register_official_channel

DEMO_CHANNELS = [
    ("website", "https://www.beaconex.com", "Main site"),
    ("website", "https://help.beaconex.com", "Help center"),
    ("email", "support@beaconex.com", "Support mailbox"),
    ("telegram", "@BeaconEx_Support", "Official Telegram support bot"),
    ("x", "@BeaconEx", "Official X account"),
    ("phone", "+65 6123 4567", "Support hotline"),
    ("wechat", "BeaconEx_CN", "WeChat official account"),
    ("wallet_address", "0x3f5CE5FBFe3E9af3971dD833D26bA9b5C936f0bE", "Hot wallet (withdrawals are sent from it)"),
]


def load_demo() -> None:
    for kind, value, note in DEMO_CHANNELS:
        register_official_channel(None, kind, value, note)
