"""``mirror operators create|disable``."""

import io

import pytest
from sqlalchemy import select

from bff import cli
from bff.admin.auth import verify_password
from models import Operator


@pytest.fixture
def env(settings, monkeypatch):
    monkeypatch.setenv("MIRROR_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("MIRROR_REDIS_URL", settings.redis_url)


def test_operators_are_created_from_the_cli_with_the_password_on_stdin(app, env, monkeypatch, db_session, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("Str0ng-Passw0rd!\n"))
    cli.main(["operators", "create", "--username", "fin", "--roles", "finance,support", "--password-stdin"])
    assert "created operator fin" in capsys.readouterr().out
    row = db_session.scalar(select(Operator).where(Operator.username == "fin"))
    assert row.roles == ["finance", "support"] and verify_password("Str0ng-Passw0rd!", row.password_hash)
    cli.main(["operators", "disable", "--username", "fin"])
    db_session.rollback()  # a new snapshot (REPEATABLE READ)
    assert db_session.scalar(select(Operator).where(Operator.username == "fin")).disabled_at is not None


@pytest.mark.parametrize(("password", "roles"), [("short", "finance"), ("Str0ng-Passw0rd!", "root"),
                                                 ("Str0ng-Passw0rd!", "")])
def test_weak_passwords_and_unknown_roles_are_refused(app, env, monkeypatch, db_session, password, roles):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    with pytest.raises(SystemExit):
        cli.main(["operators", "create", "--username", "x", "--roles", roles, "--password-stdin"])
    assert db_session.scalar(select(Operator)) is None


def test_the_cli_stores_usernames_normalised_and_refuses_collation_twins(app, env, monkeypatch, db_session, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("Str0ng-Passw0rd!\n"))
    cli.main(["operators", "create", "--username", "ＦｉｎＯｐｓ", "--roles", "finance", "--password-stdin"])
    assert "created operator finops" in capsys.readouterr().out
    for twin in ("FINOPS", "fínops"):
        monkeypatch.setattr("sys.stdin", io.StringIO("Str0ng-Passw0rd!\n"))
        with pytest.raises(SystemExit, match="exists"):
            cli.main(["operators", "create", "--username", twin, "--roles", "finance", "--password-stdin"])
    with pytest.raises(SystemExit, match="no such operator"):  # an accent-folded neighbour is not this operator
        cli.main(["operators", "disable", "--username", "fínops"])
    cli.main(["operators", "disable", "--username", "ＦＩＮＯＰＳ"])
    assert db_session.scalar(select(Operator.disabled_at).where(Operator.username == "finops")) is not None


def test_a_lost_second_factor_is_reset_from_the_cli_and_enrolled_again(app, env, db_session, capsys):
    from models import AuditEvent
    from tests.bff.panel.helpers import Panel, make_panel_operator

    op = make_panel_operator(app, "finance")
    panel = Panel(app.test_client())
    panel.login(op)
    cli.main(["operators", "reset-totp", "--username", op.username])
    assert "TOTP reset" in capsys.readouterr().out
    row = db_session.scalar(select(Operator).where(Operator.username == op.username))
    assert row.totp_secret_enc is None and row.totp_enrolled_at is None
    assert panel.get("/admin").status_code == 302  # signed out everywhere
    panel.password(op)
    assert "<svg" in panel.get("/admin/login/second-factor").get_data(as_text=True)  # enrol again
    assert db_session.scalar(select(AuditEvent.action).where(AuditEvent.subject_id == op.public_id,
                                                             AuditEvent.action == "operator_totp_reset"))
