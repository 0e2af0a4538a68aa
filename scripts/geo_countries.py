"""Hand-written country tables for scripts/build_geo.py (written for newsgraph, Apache-2.0).

DEMONYMS: for every country and territory GeoNames lists, the adjective and the words for its
people, singular and plural ("Chadian, Chadians"). A word shared by two countries ("Congolese",
"Dominican", "Samoan") is listed first under the country news most often means by it; the build
keeps the first owner only.

NEWS_NAMES: short names and aliases that news uses beside the ISO names.
CAPITAL_ALIASES: other spellings of the capital, and seats of government news uses for it.
"""

DEMONYMS = """
AD: Andorran, Andorrans
AE: Emirati, Emiratis, Emirian
AF: Afghan, Afghans, Afghani
AG: Antiguan, Antiguans, Barbudan, Barbudans
AI: Anguillan, Anguillans
AL: Albanian, Albanians
AM: Armenian, Armenians
AN: Netherlands Antillean, Netherlands Antilleans, Antillean, Antilleans
AO: Angolan, Angolans
AQ: Antarctic
AR: Argentine, Argentines, Argentinian, Argentinians, Argentinean, Argentineans
AS: American Samoan, American Samoans
AT: Austrian, Austrians
AU: Australian, Australians, Aussie, Aussies
AW: Aruban, Arubans
AX: Alandic, Aland Islander, Aland Islanders, Ålander, Ålanders
AZ: Azerbaijani, Azerbaijanis, Azeri, Azeris
BA: Bosnian, Bosnians, Herzegovinian, Herzegovinians
BB: Barbadian, Barbadians, Bajan, Bajans
BD: Bangladeshi, Bangladeshis
BE: Belgian, Belgians
BF: Burkinabe, Burkinabè, Burkinabes
BG: Bulgarian, Bulgarians
BH: Bahraini, Bahrainis
BI: Burundian, Burundians
BJ: Beninese
BL: Barthelemois, Saint Barthelemois
BM: Bermudian, Bermudians, Bermudan, Bermudans
BN: Bruneian, Bruneians
BO: Bolivian, Bolivians
BQ: Bonairean, Bonaireans, Statian, Statians, Saban, Sabans
BR: Brazilian, Brazilians
BS: Bahamian, Bahamians
BT: Bhutanese
BV: Bouvet Islander, Bouvet Islanders
BW: Botswanan, Botswanans, Motswana, Batswana
BY: Belarusian, Belarusians, Belarussian, Belarussians, Byelorussian, Byelorussians
BZ: Belizean, Belizeans
CA: Canadian, Canadians
CC: Cocos Islander, Cocos Islanders
CD: Congolese
CF: Central African, Central Africans
CG: Congo-Brazzavillian
CH: Swiss
CI: Ivorian, Ivorians, Ivoirian, Ivoirians
CK: Cook Islander, Cook Islanders
CL: Chilean, Chileans
CM: Cameroonian, Cameroonians
CN: Chinese
CO: Colombian, Colombians
CR: Costa Rican, Costa Ricans
CS: Serbian and Montenegrin, Serbians and Montenegrins
CU: Cuban, Cubans
CV: Cape Verdean, Cape Verdeans, Cabo Verdean, Cabo Verdeans
CW: Curacaoan, Curacaoans, Curaçaoan, Curaçaoans
CX: Christmas Islander, Christmas Islanders
CY: Cypriot, Cypriots
CZ: Czech, Czechs
DE: German, Germans
DJ: Djiboutian, Djiboutians
DK: Danish, Dane, Danes
DM: Dominicans of Dominica
DO: Dominican, Dominicans
DZ: Algerian, Algerians
EC: Ecuadorian, Ecuadorians, Ecuadorean, Ecuadoreans
EE: Estonian, Estonians
EG: Egyptian, Egyptians
EH: Sahrawi, Sahrawis, Saharawi, Saharawis, Western Saharan, Western Saharans
ER: Eritrean, Eritreans
ES: Spanish, Spaniard, Spaniards
ET: Ethiopian, Ethiopians
FI: Finnish, Finn, Finns
FJ: Fijian, Fijians
FK: Falkland Islander, Falkland Islanders, Falklander, Falklanders
FM: Micronesian, Micronesians
FO: Faroese, Faroe Islander, Faroe Islanders
FR: French, Frenchman, Frenchmen, Frenchwoman, Frenchwomen
GA: Gabonese
GB: British, Briton, Britons, Brit, Brits
GD: Grenadian, Grenadians
GE: Georgian, Georgians
GF: French Guianese, Guianese
GG: Guernseyman, Guernseymen, Guernsey islander, Guernsey islanders
GH: Ghanaian, Ghanaians
GI: Gibraltarian, Gibraltarians
GL: Greenlander, Greenlanders, Greenlandic
GM: Gambian, Gambians
GN: Guinean, Guineans
GP: Guadeloupean, Guadeloupeans, Guadeloupian, Guadeloupians
GQ: Equatorial Guinean, Equatorial Guineans, Equatoguinean, Equatoguineans
GR: Greek, Greeks, Hellenic
GS: South Georgia Islander, South Georgia Islanders
GT: Guatemalan, Guatemalans
GU: Guamanian, Guamanians, Chamorro, Chamorros
GW: Bissau-Guinean, Bissau-Guineans
GY: Guyanese
HK: Hongkonger, Hongkongers, Hong Konger, Hong Kongers
HM: Heard Islander, Heard Islanders
HN: Honduran, Hondurans
HR: Croatian, Croatians, Croat, Croats
HT: Haitian, Haitians
HU: Hungarian, Hungarians
ID: Indonesian, Indonesians
IE: Irish, Irishman, Irishmen, Irishwoman, Irishwomen
IL: Israeli, Israelis
IM: Manx, Manxman, Manxmen
IN: Indian, Indians
IO: Chagossian, Chagossians
IQ: Iraqi, Iraqis
IR: Iranian, Iranians, Persian, Persians
IS: Icelandic, Icelander, Icelanders
IT: Italian, Italians
JE: Jerseyman, Jerseymen, Jersey islander, Jersey islanders
JM: Jamaican, Jamaicans
JO: Jordanian, Jordanians
JP: Japanese
KE: Kenyan, Kenyans
KG: Kyrgyz, Kyrgyzstani, Kyrgyzstanis, Kirghiz
KH: Cambodian, Cambodians, Khmer
KI: I-Kiribati, Kiribatian, Kiribatians
KM: Comoran, Comorans, Comorian, Comorians
KN: Kittitian, Kittitians, Nevisian, Nevisians
KP: North Korean, North Koreans
KR: South Korean, South Koreans, Korean, Koreans
KW: Kuwaiti, Kuwaitis
KY: Caymanian, Caymanians
KZ: Kazakhstani, Kazakhstanis, Kazakh, Kazakhs, Kazak, Kazaks
LA: Lao, Laotian, Laotians
LB: Lebanese
LC: Saint Lucian, Saint Lucians, St Lucian, St Lucians
LI: Liechtensteiner, Liechtensteiners
LK: Sri Lankan, Sri Lankans
LR: Liberian, Liberians
LS: Basotho, Mosotho, Lesothan
LT: Lithuanian, Lithuanians
LU: Luxembourgish, Luxembourger, Luxembourgers
LV: Latvian, Latvians, Lett, Letts
LY: Libyan, Libyans
MA: Moroccan, Moroccans
MC: Monegasque, Monegasques, Monacan, Monacans
MD: Moldovan, Moldovans
ME: Montenegrin, Montenegrins
MF: Saint-Martinois, Saint Martiner, Saint Martiners
MG: Malagasy, Madagascan, Madagascans
MH: Marshallese
MK: Macedonian, Macedonians, North Macedonian, North Macedonians
ML: Malian, Malians
MM: Burmese, Myanmar national, Myanmar nationals
MN: Mongolian, Mongolians
MO: Macanese
MP: Northern Mariana Islander, Northern Mariana Islanders
MQ: Martiniquais, Martinican, Martinicans
MR: Mauritanian, Mauritanians
MS: Montserratian, Montserratians
MT: Maltese
MU: Mauritian, Mauritians
MV: Maldivian, Maldivians
MW: Malawian, Malawians
MX: Mexican, Mexicans
MY: Malaysian, Malaysians
MZ: Mozambican, Mozambicans
NA: Namibian, Namibians
NC: New Caledonian, New Caledonians
NE: Nigerien, Nigeriens
NF: Norfolk Islander, Norfolk Islanders
NG: Nigerian, Nigerians
NI: Nicaraguan, Nicaraguans
NL: Dutch, Dutchman, Dutchmen, Dutchwoman, Dutchwomen, Netherlander, Netherlanders
NO: Norwegian, Norwegians
NP: Nepalese, Nepali, Nepalis
NR: Nauruan, Nauruans
NU: Niuean, Niueans
NZ: New Zealander, New Zealanders, New Zealand, Kiwi, Kiwis
OM: Omani, Omanis
PA: Panamanian, Panamanians
PE: Peruvian, Peruvians
PF: French Polynesian, French Polynesians
PG: Papua New Guinean, Papua New Guineans, Papuan, Papuans
PH: Filipino, Filipinos, Filipina, Filipinas, Philippine
PK: Pakistani, Pakistanis
PL: Polish, Pole, Poles
PM: Saint-Pierrais, Miquelonnais
PN: Pitcairn Islander, Pitcairn Islanders
PR: Puerto Rican, Puerto Ricans
PS: Palestinian, Palestinians
PT: Portuguese
PW: Palauan, Palauans
PY: Paraguayan, Paraguayans
QA: Qatari, Qataris
RE: Reunionese, Réunionese
RO: Romanian, Romanians
RS: Serbian, Serbians, Serb, Serbs
RU: Russian, Russians
RW: Rwandan, Rwandans, Rwandese
SA: Saudi, Saudis, Saudi Arabian, Saudi Arabians
SB: Solomon Islander, Solomon Islanders
SC: Seychellois
SD: Sudanese
SE: Swedish, Swede, Swedes
SG: Singaporean, Singaporeans
SH: Saint Helenian, Saint Helenians, St Helenian, St Helenians
SI: Slovenian, Slovenians, Slovene, Slovenes
SJ: Svalbard resident, Svalbard residents
SK: Slovak, Slovaks, Slovakian, Slovakians
SL: Sierra Leonean, Sierra Leoneans
SM: Sammarinese
SN: Senegalese
SO: Somali, Somalis, Somalian, Somalians
SR: Surinamese, Surinamer, Surinamers
SS: South Sudanese
ST: Sao Tomean, Sao Tomeans, São Toméan, São Toméans
SV: Salvadoran, Salvadorans, Salvadorean, Salvadoreans
SX: Sint Maartener, Sint Maarteners
SY: Syrian, Syrians
SZ: Swazi, Swazis, Emaswati, Liswati
TC: Turks and Caicos Islander, Turks and Caicos Islanders
TD: Chadian, Chadians
TF: French Southern Territories resident
TG: Togolese
TH: Thai, Thais
TJ: Tajik, Tajiks, Tajikistani, Tajikistanis, Tadjik, Tadjiks
TK: Tokelauan, Tokelauans
TL: Timorese, East Timorese
TM: Turkmen, Turkmens, Turkmenistani, Turkmenistanis
TN: Tunisian, Tunisians
TO: Tongan, Tongans
TR: Turkish, Turk, Turks
TT: Trinidadian, Trinidadians, Tobagonian, Tobagonians, Trinbagonian, Trinbagonians
TV: Tuvaluan, Tuvaluans
TW: Taiwanese
TZ: Tanzanian, Tanzanians
UA: Ukrainian, Ukrainians
UG: Ugandan, Ugandans
UM: U.S. Minor Outlying Islander
US: American, Americans, U.S. citizen, U.S. citizens
UY: Uruguayan, Uruguayans
UZ: Uzbek, Uzbeks, Uzbekistani, Uzbekistanis
VA: Vatican, Holy See
VC: Vincentian, Vincentians, Saint Vincentian, Saint Vincentians
VE: Venezuelan, Venezuelans
VG: British Virgin Islander, British Virgin Islanders
VI: U.S. Virgin Islander, U.S. Virgin Islanders, Virgin Islander, Virgin Islanders
VN: Vietnamese
VU: Ni-Vanuatu, Vanuatuan, Vanuatuans
WF: Wallisian, Wallisians, Futunan, Futunans, Wallis and Futuna Islander
WS: Samoan, Samoans
XK: Kosovar, Kosovars, Kosovan, Kosovans
YE: Yemeni, Yemenis, Yemenite, Yemenites
YT: Mahoran, Mahorans, Mahorais
ZA: South African, South Africans
ZM: Zambian, Zambians
ZW: Zimbabwean, Zimbabweans
"""

NEWS_NAMES = """
AE: UAE, U.A.E., Emirates
BA: Bosnia, Bosnia-Herzegovina, Herzegovina
BN: Brunei Darussalam
BO: Bolivia
BS: The Bahamas
CD: DRC, D.R.C., DR Congo, Democratic Republic of Congo, Congo-Kinshasa, Zaire, Congo (Kinshasa)
CG: Congo, Congo-Brazzaville, Republic of Congo, Congo (Brazzaville)
CI: Ivory Coast, Cote d'Ivoire, Côte d'Ivoire
CV: Cape Verde, Cabo Verde
CZ: Czech Republic, Czechia
FM: Micronesia, Federated States of Micronesia
GB: UK, U.K., Britain, Great Britain, United Kingdom, England, Scotland, Wales, Northern Ireland
GM: The Gambia
IR: Iran, Persia
KH: Kampuchea
KP: North Korea, DPRK, D.P.R.K., Democratic People's Republic of Korea
KR: South Korea, Korea, Republic of Korea, ROK
LA: Laos, Lao PDR
MD: Moldova
MK: Macedonia, North Macedonia, FYROM, Former Yugoslav Republic of Macedonia
MM: Burma, Myanmar
NL: Holland, The Netherlands, Netherlands
PS: Palestine, Palestinian Territories, Palestinian territories, State of Palestine, West Bank and Gaza
RU: Russia, Russian Federation
SY: Syria
SZ: Swaziland, Eswatini
TL: East Timor, Timor-Leste, Timor Leste
TR: Turkey, Türkiye, Turkiye
TW: Taiwan, Republic of China
TZ: Tanzania
US: U.S., US, USA, U.S.A., America, United States of America
VA: Vatican, Holy See, Vatican City, Vatican City State
VE: Venezuela
VN: Vietnam, Viet Nam
VI: U.S. Virgin Islands, US Virgin Islands
XK: Kosovo
LK: Ceylon
ZW: Rhodesia
"""

# Lookup name for the capital where GeoNames' own spelling or an old name differs.
CAPITAL_ALIASES = """
AE: Abu Dhabi
BI: Bujumbura
BJ: Cotonou
BO: La Paz
BR: Brasília
CI: Abidjan
CM: Yaoundé
CO: Bogotá
CR: San José
EH: Laayoune, El Aaiún
GQ: Malabo
GU: Hagåtña, Agana
IL: Jerusalem
IN: Delhi
IS: Reykjavík
KZ: Astana, Nur Sultan
LK: Sri Jayawardenepura Kotte, Kotte
MD: Chișinău, Chisinau, Kishinev
MM: Naypyidaw, Naypyitaw, Nay Pyi Taw
MN: Ulan Bator
MV: Malé
MY: Putrajaya
NC: Nouméa
NL: The Hague, Den Haag
PS: Ramallah
PY: Asunción
SA: Riyadh
ST: São Tomé
TG: Lomé
TL: Dili
TM: Ashkhabad
TO: Nukualofa
TT: Port-of-Spain
TZ: Dar es Salaam
UA: Kiev
US: Washington DC, Washington D.C.
VN: Hanoi
YE: Sana'a, Sana
CN: Peking
KR: Seoul
FO: Tórshavn
"""

# Fallback coordinates for places with no capital in the city table.
CENTROIDS = {
    "AQ": (-75.0, 0.0),
    "BV": (-54.43, 3.38),
    "HM": (-53.1, 73.5),
    "UM": (19.28, 166.65),
    "TK": (-9.2, -171.85),
    "BQ": (12.15, -68.27),
    "AN": (12.1084, -68.9335),  # Willemstad
    "CS": (44.8040, 20.4651),  # Belgrade
}
