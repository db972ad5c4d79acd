import pytest

from review_publisher.library.latex import LatexError, decode_latex


@pytest.mark.parametrize("latex, text", [
    (r"Garc\'{\i}a", "García"),
    (r"Garc\'\i a", "García"),
    (r"M{\o}ller", "Møller"),
    (r'\"{O}zdemir', "Özdemir"),
    (r"\v{S}koda", "Škoda"),
    (r"{\c{C}}elik", "Çelik"),
    (r"{FK} in {Nepal}", "FK in Nepal"),
    (r"{{FK Norway (Fredskorpset)}}", "FK Norway (Fredskorpset)"),
    ("Tjønneland", "Tjønneland"),
    (r"Learning \& Exchanges", "Learning & Exchanges"),
    (r"Results -- {FK}", "Results – FK"),
    (r"\emph{Fredskorpset} study", "Fredskorpset study"),
    (r"50\% of participants", "50% of participants"),
    ("two\n   lines", "two lines"),
    (r"29th $\{$USENIX$\}$ Security", "29th {USENIX} Security"),
    (r"H$_2$O and CO\textsubscript{2}", "H₂O and CO₂"),
    (r"$\alpha$-helix and $\vert A \vert$", "α-helix and |A|"),
    (r"\enquote{Usually} and \mkbibquote{not} \textquotedblleft quite\textquotedblright", "“Usually” and “not” “quite”"),
    (r"{\relax Ph}ilippe and \TeX{} and a\hyphen b", "Philippe and TeX and a-b"),
    (r"\url{https://example.org/a_b}", "https://example.org/a_b"),
])
def test_decodes_to_plain_text(latex, text):
    decoded = decode_latex(latex)
    assert decoded == text
    assert "\\" not in decoded
    if "\\{" not in latex:  # only a literal brace of the library's own may remain
        assert "{" not in decoded and "}" not in decoded


@pytest.mark.parametrize("latex, reason", [
    (r"\foo{bar}", "\\foo"),
    (r"x } y {", "unbalanced"),
])
def test_what_cannot_be_decoded_is_an_error(latex, reason):
    with pytest.raises(LatexError, match=reason.replace("\\", "\\\\")):
        decode_latex(latex)
