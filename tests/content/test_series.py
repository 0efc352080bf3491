"""Series markers are read from the texts, whatever the case, accents, apostrophes or entities."""

from __future__ import annotations

from chandelle.content.series import find_series, markers


def test_a_hashtag_heading_the_text_is_a_marker_whatever_its_case() -> None:
    assert markers("#LeSaviezVous n°12 : la lampe à huile") == {"lesaviezvous": "#LeSaviezVous"}
    assert set(markers("#lesaviezvous Le bleu de Prusse")) == {"lesaviezvous"}
    assert set(markers("#LESAVIEZVOUS — un pigment")) == {"lesaviezvous"}


def test_title_prefixes_match_across_accents_and_apostrophes() -> None:
    curly = markers("L’Objet du mois — une aiguière de Nevers")
    straight = markers("L'objet du mois - un coffre de mariage")
    assert set(curly) == set(straight) == {"lobjetdumois"}
    assert set(markers("Les coulisses du musée, épisode 3 : la réserve")) == {"lescoulissesdumusee"}
    assert set(markers("LES COULISSES DU MUSEE (4/10) : le régisseur")) == {"lescoulissesdumusee"}


def test_ordinary_posts_and_trailing_hashtags_are_not_series() -> None:
    assert markers("Nouvelle exposition ce printemps ! #art #musée #valmont") == {}
    assert markers("Rappel : le musée est fermé lundi.") == {}
    assert markers("Ce retable, peint vers 1480 à Tournai, a été scié en deux.") == {}


def test_a_hashtag_followed_by_an_episode_number_counts_anywhere() -> None:
    assert "minuteculture" in markers("Aujourd'hui dans notre #MinuteCulture n°7, le clair-obscur")


def test_find_series_needs_three_items_and_spares_the_accounts_own_tag() -> None:
    texts = ["#LeSaviezVous n°1 : a", "#lesaviezvous n°2 : b", "#LeSaviezVous n°3 : c",
             "#Valmont Vernissage ce soir", "#Valmont Nocturne jeudi", "#Valmont Fermé lundi",
             "#Valmont Atelier samedi", "#Valmont Concert", "#Valmont Visite", "#Valmont Jardin",
             "#Valmont Boutique", "L'objet du mois — a", "L'objet du mois — b"]
    found = find_series(texts)   # #Valmont is on 8 of 13 items (over 60 %): the account's tag
    assert [(s.key, s.name, s.members) for s in found] == [("lesaviezvous", "#LeSaviezVous", (0, 1, 2))]


def test_an_item_belongs_to_one_series_only() -> None:
    texts = ["#LeSaviezVous L'objet du mois — a", "#LeSaviezVous n°2 : b", "#LeSaviezVous n°3 : c",
             "L'objet du mois — d", "L'objet du mois — e", "x", "y", "z"]
    found = {s.key: s.members for s in find_series(texts)}
    assert found == {"lesaviezvous": (0, 1, 2)}   # "l'objet du mois" is left with 2 items
