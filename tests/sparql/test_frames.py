"""DataFrames for notebooks: numbers as numbers, dates as dates, booleans as booleans, text as text."""

from __future__ import annotations

import pandas as pd
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from healthgraph import settings
from healthgraph.pipeline import Checked
from healthgraph.sparql.backends import RdflibBackend
from healthgraph.sparql.query import Result, load_queries
from healthgraph.sparql.session import Session, typed_frame


@pytest.fixture(scope="module")
def memory(checked: Checked) -> Session:
    return Session(RdflibBackend(checked.build.union()), load_queries(settings.queries_dir()))


def test_cq10_frame_has_numbers_and_dates(memory: Session) -> None:
    frame = memory.frame("cq10", subject="medicen")
    assert frame["value"].dtype == "float64" and frame["date"].dtype.kind == "M"
    assert frame["inferred"].dtype == "boolean" and pd.api.types.is_string_dtype(frame["measure"])
    assert frame["value"].sum() > 0  # pandas can add and plot the column without conversion


def test_each_rdf_type_becomes_a_pandas_type() -> None:
    result = Result(
        ["count", "amount", "year", "month", "day", "flag", "name", "mixed", "empty"],
        [
            (
                Literal(3),
                Literal("12.5", datatype=XSD.decimal),
                Literal("2018", datatype=XSD.gYear),
                Literal("2018-05", datatype=XSD.gYearMonth),
                Literal("2018-05-03", datatype=XSD.date),
                Literal(True),
                URIRef("https://w3id.org/healthgraph/id/medicen"),
                Literal(1),
                None,
            ),
            (None, Literal(2), None, None, None, None, Literal("Medicen", lang="fr"), Literal("two"), None),
        ],
    )
    frame = typed_frame(result)
    assert str(frame["count"].dtype) == "Int64" and frame["count"].isna().tolist() == [False, True]
    assert frame["amount"].tolist() == [12.5, 2.0]
    assert frame["year"][0] == pd.Timestamp("2018-01-01") and pd.isna(frame["year"][1])
    assert frame["month"][0] == pd.Timestamp("2018-05-01") and frame["day"][0] == pd.Timestamp("2018-05-03")
    assert frame["flag"].dtype == "boolean" and bool(frame["flag"][0])
    assert frame["name"].tolist() == ["https://w3id.org/healthgraph/id/medicen", "Medicen"]
    assert frame["mixed"].tolist() == ["1", "two"]  # kinds differ: every value kept as its text
    assert frame["empty"].isna().all()
