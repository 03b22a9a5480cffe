from __future__ import annotations

from django.contrib import admin

from beacon.chain.models import (
    ChainNetwork,
    ChainToken,
    CreditedDeposit,
    DepositAddress,
    FreezeRequest,
    NetworkMaintenance,
    TxCheck,
    Withdrawal,
)


class ChainTokenInline(admin.TabularInline[ChainToken, ChainNetwork]):
    model = ChainToken
    extra = 0


@admin.register(ChainNetwork)
class ChainNetworkAdmin(admin.ModelAdmin[ChainNetwork]):
    list_display = ("code", "native_asset", "required_confirmations", "is_enabled")
    list_filter = ("is_enabled",)
    inlines = [ChainTokenInline]


@admin.register(NetworkMaintenance)
class NetworkMaintenanceAdmin(admin.ModelAdmin[NetworkMaintenance]):
    list_display = ("network", "starts_at", "ends_at", "note_en")


@admin.register(DepositAddress)
class DepositAddressAdmin(admin.ModelAdmin[DepositAddress]):
    list_display = ("customer", "network", "asset", "address", "memo")
    list_filter = ("network",)
    search_fields = ("address", "customer__email")
    raw_id_fields = ("customer",)


@admin.register(CreditedDeposit)
class CreditedDepositAdmin(admin.ModelAdmin[CreditedDeposit]):
    list_display = ("customer", "network", "asset", "amount", "txid", "credited_at")
    search_fields = ("txid", "customer__email")
    raw_id_fields = ("customer",)


@admin.register(Withdrawal)
class WithdrawalAdmin(admin.ModelAdmin[Withdrawal]):
    list_display = ("reference", "customer", "network", "asset", "amount", "status", "txid")
    search_fields = ("reference", "txid", "customer__email")
    raw_id_fields = ("customer",)


@admin.register(TxCheck)
class TxCheckAdmin(admin.ModelAdmin[TxCheck]):
    list_display = ("txid", "network", "kind", "outcome", "is_final", "ticket", "checked_at")
    list_filter = ("outcome", "is_final", "network")
    search_fields = ("txid",)
    raw_id_fields = ("requester", "ticket")

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(FreezeRequest)
class FreezeRequestAdmin(admin.ModelAdmin[FreezeRequest]):
    list_display = ("request_id", "customer", "status", "exchange_reference", "ticket", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("customer", "ticket")

    def has_add_permission(self, request: object) -> bool:
        return False
