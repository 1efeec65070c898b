import pytest
from django.core import mail
from django.db import transaction

from common.mail import send_mail_on_commit

pytestmark = pytest.mark.django_db(transaction=True)


def _queue() -> None:
    send_mail_on_commit(subject="Hi", message="Body", recipient_list=["a@example.com"])


def test_a_mail_is_sent_when_the_transaction_commits():
    with transaction.atomic():
        _queue()
        assert mail.outbox == []

    assert [m.to for m in mail.outbox] == [["a@example.com"]]


def test_no_mail_is_sent_when_the_transaction_rolls_back():
    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        _queue()
        raise Boom

    assert mail.outbox == []
