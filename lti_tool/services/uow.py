"""A unit of work over the SQLAlchemy session: one transaction per use case."""

from sqlalchemy.orm import Session


class UnitOfWork:
    """`with uow:` opens the work; anything not committed by `uow.commit()` is rolled back."""

    def __init__(self, session: Session):
        self.session = session

    def __enter__(self) -> "UnitOfWork":
        return self

    def __exit__(self, *exc) -> None:
        self.session.rollback()

    def commit(self) -> None:
        self.session.commit()
