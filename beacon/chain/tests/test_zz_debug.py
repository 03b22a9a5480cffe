from beacon.chain.tests.test_tickets import *  # noqa
from beacon.chain.services import refresh_ticket_checks

def test_dbg(customer_client, deposit, eth, eth_address, django_capture_on_commit_callbacks):
    txid = eth.send_native(CUSTOMER_ADDRESS, ETH)
    with django_capture_on_commit_callbacks(execute=False) as cbs:
        customer_client.post("/tickets/new/deposit/", deposit_form(txid))
    print(cbs)
    t = Ticket.objects.get()
    print(t.fields, t.category.fields)
    print(refresh_ticket_checks(t.pk))
    print(list(TxCheck.objects.values()))
    print(notes(t))
