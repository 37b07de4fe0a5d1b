"""The invented world of the demonstration cases: countries of origin with their languages and
names, SFI providers, employers, districts, streets, landlords and journal texts."""

from __future__ import annotations

from dataclasses import dataclass

from nyanland.domain.codes import Sector


@dataclass(frozen=True)
class Origin:
    country: str
    languages: tuple[str, ...]
    weight: int
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]


ORIGINS = (
    Origin(
        "SY",
        ("ar", "ku"),
        30,
        ("Amina", "Fatima", "Rania", "Layla", "Nour", "Huda", "Reem", "Salma", "Yasmin", "Dima"),
        ("Ahmad", "Mohammad", "Omar", "Khaled", "Yousef", "Hassan", "Bilal", "Samer", "Tarek"),
        ("Al-Hassan", "Haddad", "Khalil", "Nasser", "Darwish", "Sabbagh", "Halabi", "Mansour"),
    ),
    Origin(
        "AF",
        ("fa", "ps"),
        18,
        ("Zahra", "Maryam", "Fereshta", "Nargis", "Shabnam", "Parwana", "Sima", "Laila"),
        ("Ali", "Mustafa", "Hamid", "Javad", "Naweed", "Rahim", "Sayed", "Farid", "Jawid"),
        ("Ahmadi", "Hosseini", "Rezaei", "Karimi", "Sultani", "Mohammadi", "Noori", "Haidari"),
    ),
    Origin(
        "ER",
        ("ti",),
        14,
        ("Senait", "Helen", "Almaz", "Saba", "Selam", "Rahel", "Luwam", "Mebrat"),
        ("Yonas", "Tesfay", "Daniel", "Filmon", "Mehari", "Abraham", "Samuel", "Kibrom"),
        ("Tekle", "Gebremedhin", "Haile", "Kidane", "Berhane", "Tesfamariam", "Habte"),
    ),
    Origin(
        "SO",
        ("so",),
        10,
        ("Hodan", "Ayan", "Faadumo", "Hibo", "Sahra", "Ifrah", "Nasra", "Ubah"),
        ("Abdirahman", "Mahad", "Abdullahi", "Liban", "Said", "Hamza", "Guled", "Ismail"),
        ("Farah", "Warsame", "Hassan", "Jama", "Abdi", "Osman", "Mohamud", "Yusuf"),
    ),
    Origin(
        "UA",
        ("uk", "ru"),
        14,
        ("Olena", "Iryna", "Natalia", "Oksana", "Tetiana", "Yulia", "Kateryna", "Svitlana"),
        ("Oleksandr", "Andrii", "Serhii", "Dmytro", "Mykola", "Volodymyr", "Ivan", "Taras"),
        ("Kovalenko", "Bondarenko", "Shevchenko", "Tkachenko", "Melnyk", "Kravchenko", "Lysenko"),
    ),
    Origin(
        "IQ",
        ("ar", "ku"),
        7,
        ("Zainab", "Noor", "Sara", "Ruqaya", "Shahad", "Aya", "Hawraa"),
        ("Ali", "Hussein", "Mustafa", "Haider", "Karrar", "Ammar", "Murtadha"),
        ("Al-Jaberi", "Al-Saadi", "Kareem", "Al-Obaidi", "Jasim", "Hadi"),
    ),
    Origin(
        "IR",
        ("fa",),
        4,
        ("Shirin", "Parisa", "Mahsa", "Niloufar", "Azadeh", "Leila"),
        ("Reza", "Mehdi", "Arash", "Babak", "Kaveh", "Amir"),
        ("Moradi", "Jafari", "Ebrahimi", "Sadeghi", "Rahimi", "Tehrani"),
    ),
    Origin(
        "CD",
        ("fr", "sw", "ln"),
        3,
        ("Grace", "Esther", "Divine", "Merveille", "Sarah"),
        ("Jean", "Patrick", "Emmanuel", "Christian", "Josue"),
        ("Mukendi", "Kabongo", "Ilunga", "Mbuyi", "Tshibanda"),
    ),
)

PROVIDERS = ("Vuxenutbildningen Centrum", "Hermods SFI", "Folkuniversitetet SFI", "NTI Skolan")
EMPLOYERS = {
    Sector.MUNICIPAL: (
        "Äldreomsorgen, Solgårdens boende",
        "Förskolan Kastanjen",
        "Gatu- och parkenheten",
        "Kostenheten, Centralköket",
    ),
    Sector.REGIONAL: ("Regionens sjukhus, lokalvården", "Kollektivtrafiken, depå Norr"),
    Sector.STATE: ("Trafikverket, region Mitt",),
    Sector.PRIVATE: (
        "ICA Supermarket Torget",
        "Byggfirman Berg & Son",
        "Restaurang Linden",
        "Lagercentralen AB",
        "Städbolaget Glans",
        "Bilverkstaden i Norr",
    ),
    Sector.NON_PROFIT: ("Röda Korsets second hand", "Kyrkans café", "Idrottsföreningen IK Norr"),
}
DEPARTMENTS = (
    "Vård- och omsorgsförvaltningen",
    "Barn- och utbildningsförvaltningen",
    "Samhällsbyggnadsförvaltningen",
    "Kultur- och fritidsförvaltningen",
)
DISTRICTS = (
    "Centrum",
    "Norrmalm",
    "Södermalm",
    "Västerby",
    "Östra Hamnen",
    "Skogsbacken",
    "Ängsvik",
    "Bruksorten",
)
STREETS = ("Storgatan", "Björkvägen", "Skolgatan", "Ekvägen", "Parkgatan", "Kyrkogatan")
LANDLORDS = ("Kommunala Bostäder AB", "Hyresfastigheter i Norr AB", "Privat hyresvärd")
NOTE_TEXTS = (
    "Mottagningssamtal genomfört med tolk. Informerat om SFI, samhällsorientering och bostad.",
    "Uppföljning: SFI går bra, närvaron är god. Vill gärna ha praktik inom vården.",
    "Kontakt med Arbetsförmedlingen om etableringsplanen. Nästa möte om en månad.",
    "Hjälpt till med ansökan om bostadsbidrag till Försäkringskassan.",
    "Kartläggningssamtal: tidigare erfarenhet från handel och bygg. Körkort saknas.",
    "Praktikplats klar från och med nästa månad. Handledare utsedd på arbetsplatsen.",
)
OFFICERS = ("Karin Lund", "Johan Ek", "Sara Nyström", "Ali Haddad")
