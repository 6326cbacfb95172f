"""Pure helpers for GS1 element strings (GS1-128, GS1 DataMatrix, GS1 QR).

No Odoo import. The element string is split here, with the full table of GS1
application identifiers (GS1_SYNTAX_DICTIONARY below): every valid AI is
read, whether or not Odoo's nomenclature has a rule for it, and what is
wrong is named precisely, so that a warehouse user sees "check digit of
GTIN ... is wrong" rather than "unreadable barcode". What each AI means to
Odoo (product, lot, a date) is the nomenclature's business, in the models.
These helpers also build element strings (labels, tests).
"""

import calendar
import datetime
import re
from collections import namedtuple

from .messages import Message, MessageError
from .serial_numbers import GS1_CHARSET_82

FNC1 = "\x1d"

# Symbology identifiers a scanner may put in front of the data (ISO/IEC 15424):
# ]C1 GS1-128, ]e0 GS1 DataBar, ]d2 GS1 DataMatrix, ]Q3 GS1 QR Code, ]J1 GS1 DotCode.
SYMBOLOGY_PREFIXES = ("]C1", "]e0", "]d2", "]Q3", "]J1")

# What scanners and keyboard wedges send instead of the FNC1 / GS character,
# when they cannot type an ASCII 29: "<GS>" (printed by many scanner
# configuration sheets), "~1" (Zebra/ZXing escape), "\F" (Honeywell),
# "^" and "#" (common keyboard-wedge replacements; "#" is also Odoo's default),
# "Alt029" (Odoo's default for Windows keyboard wedges). None of them can
# occur in a GS1 field except "<GS>", whose characters are in set 82: it is
# accepted because it is what humans type when they transcribe a label.
# ("#" is in set 39, used only by AI 8010, which a serial label never carries.)
FNC1_STAND_INS = ("<GS>", "~1", "\\F", "^", "#", "Alt029")

# ----------------------------------------------------------------------
# The GS1 application identifiers
# ----------------------------------------------------------------------
# Every entry of the GS1 Barcode Syntax Dictionary, release 2026-01-27
# (https://github.com/gs1/gs1-syntax-dictionary, gs1-syntax-dictionary.txt,
# the machine-readable form of the AI table of the GS1 General
# Specifications, section 3.2), copied verbatim so that a new release can be
# pasted over it. Copyright (c) 2020-2021 BWIPP project, (c) 2020-2021 Zint
# Project, (c) 2021-2025 GS1 AISBL; Apache License 2.0.
#
# Line syntax: AIs [Flags] Specification [Attributes...] [# Title]
#   AIs       one AI, or a range "3100-3105"
#   Flags     "*": predefined length, no FNC1 separator after it;
#             "?": a GS1 Digital Link attribute (not used here)
#   Spec      components "Type[,linter...]": N digits, X set 82, Y set 39,
#             Z set 64; "N6" is 6 long, "X..20" 1 to 20 long (only the last
#             component may vary); "[...]" is optional (and so is what follows)
#   Attributes  req= / ex= / dlpkey... (associations between AIs; not used here)
SYNTAX_DICTIONARY_RELEASE = "2026-01-27"
GS1_SYNTAX_DICTIONARY = """\
00         *?  N18,csum,gcppos2                  dlpkey                                           # SSCC
01         *?  N14,csum,gcppos2                  ex=255,37 dlpkey=22,10,21|235                    # GTIN
02         *?  N14,csum,gcppos2                  ex=01,03 req=37                                  # CONTENT
03         *   N14,csum,gcppos2                  ex=01,02,37                                      # MTO GTIN
10          ?  X..20                             req=01,02,03,8006,8026                           # BATCH/LOT
11         *?  N6,yymmd0                         req=01,02,03,8006,8026                           # PROD DATE
12         *?  N6,yymmd0                         req=8020                                         # DUE DATE
13         *?  N6,yymmd0                         req=01,02,03,8006,8026                           # PACK DATE
15         *?  N6,yymmd0                         req=01,02,03,8006,8026                           # BEST BEFORE or BEST BY
16         *?  N6,yymmd0                         req=01,02,03,8006,8026                           # SELL BY
17         *?  N6,yymmd0                         req=01,02,03,255,8006,8026                       # USE BY or EXPIRY
20         *?  N2                                req=01,02,8006,8026                              # VARIANT
21             X..20                             req=01,03,8006 ex=235                            # SERIAL
22             X..20                             req=01                                           # CPV
235            X..28                             req=01                                           # TPX
240         ?  X..30                             req=01,02,8006,8026                              # ADDITIONAL ID
241         ?  X..30                             req=01,02,8006,8026                              # CUST. PART No.
242         ?  N..6                              req=01,02,8006,8026                              # MTO VARIANT
243         ?  X..20                             req=01                                           # PCN
250         ?  X..30                             req=01,8006 req=21                               # SECONDARY SERIAL
251         ?  X..30                             req=01,8006                                      # REF. TO SOURCE
253         ?  N13,csum,gcppos1 [X..17]          dlpkey                                           # GDTI
254            X..20                             req=414                                          # GLN EXTENSION COMPONENT
255         ?  N13,csum,gcppos1 [N..12]          dlpkey ex=01,02,415,8006,8020,8026               # GCN
30          ?  N..8                              req=01,02                                        # VAR. COUNT
3100-3105  *?  N6                                req=01,02 ex=310n                                # NET WEIGHT (kg)
3110-3115  *?  N6                                req=01,02 ex=311n                                # LENGTH (m)
3120-3125  *?  N6                                req=01,02 ex=312n                                # WIDTH (m)
3130-3135  *?  N6                                req=01,02 ex=313n                                # HEIGHT (m)
3140-3145  *?  N6                                req=01,02 ex=314n                                # AREA (m²)
3150-3155  *?  N6                                req=01,02 ex=315n                                # NET VOLUME (l)
3160-3165  *?  N6                                req=01,02 ex=316n                                # NET VOLUME (m³)
3200-3205  *?  N6                                req=01,02 ex=320n                                # NET WEIGHT (lb)
3210-3215  *?  N6                                req=01,02 ex=321n                                # LENGTH (in)
3220-3225  *?  N6                                req=01,02 ex=322n                                # LENGTH (ft)
3230-3235  *?  N6                                req=01,02 ex=323n                                # LENGTH (yd)
3240-3245  *?  N6                                req=01,02 ex=324n                                # WIDTH (in)
3250-3255  *?  N6                                req=01,02 ex=325n                                # WIDTH (ft)
3260-3265  *?  N6                                req=01,02 ex=326n                                # WIDTH (yd)
3270-3275  *?  N6                                req=01,02 ex=327n                                # HEIGHT (in)
3280-3285  *?  N6                                req=01,02 ex=328n                                # HEIGHT (ft)
3290-3295  *?  N6                                req=01,02 ex=329n                                # HEIGHT (yd)
3300-3305  *?  N6                                req=00,01 ex=330n                                # GROSS WEIGHT (kg)
3310-3315  *?  N6                                req=00,01 ex=331n                                # LENGTH (m), log
3320-3325  *?  N6                                req=00,01 ex=332n                                # WIDTH (m), log
3330-3335  *?  N6                                req=00,01 ex=333n                                # HEIGHT (m), log
3340-3345  *?  N6                                req=00,01 ex=334n                                # AREA (m²), log
3350-3355  *?  N6                                req=00,01 ex=335n                                # VOLUME (l), log
3360-3365  *?  N6                                req=00,01 ex=336n                                # VOLUME (m³), log
3370-3375  *?  N6                                req=01    ex=337n                                # KG PER m²
3400-3405  *?  N6                                req=00,01 ex=340n                                # GROSS WEIGHT (lb)
3410-3415  *?  N6                                req=00,01 ex=341n                                # LENGTH (in), log
3420-3425  *?  N6                                req=00,01 ex=342n                                # LENGTH (ft), log
3430-3435  *?  N6                                req=00,01 ex=343n                                # LENGTH (yd), log
3440-3445  *?  N6                                req=00,01 ex=344n                                # WIDTH (in), log
3450-3455  *?  N6                                req=00,01 ex=345n                                # WIDTH (ft), log
3460-3465  *?  N6                                req=00,01 ex=346n                                # WIDTH (yd), log
3470-3475  *?  N6                                req=00,01 ex=347n                                # HEIGHT (in), log
3480-3485  *?  N6                                req=00,01 ex=348n                                # HEIGHT (ft), log
3490-3495  *?  N6                                req=00,01 ex=349n                                # HEIGHT (yd), log
3500-3505  *?  N6                                req=01,02 ex=350n                                # AREA (in²)
3510-3515  *?  N6                                req=01,02 ex=351n                                # AREA (ft²)
3520-3525  *?  N6                                req=01,02 ex=352n                                # AREA (yd²)
3530-3535  *?  N6                                req=00,01 ex=353n                                # AREA (in²), log
3540-3545  *?  N6                                req=00,01 ex=354n                                # AREA (ft²), log
3550-3555  *?  N6                                req=00,01 ex=355n                                # AREA (yd²), log
3560-3565  *?  N6                                req=01,02 ex=356n                                # NET WEIGHT (tr oz)
3570-3575  *?  N6                                req=01,02 ex=357n                                # NET VOLUME (oz)
3600-3605  *?  N6                                req=01,02 ex=360n                                # NET VOLUME (qt (US))
3610-3615  *?  N6                                req=01,02 ex=361n                                # NET VOLUME (gal.)
3620-3625  *?  N6                                req=00,01 ex=362n                                # VOLUME (qt (US)), log
3630-3635  *?  N6                                req=00,01 ex=363n                                # VOLUME (gal (US)), log
3640-3645  *?  N6                                req=01,02 ex=364n                                # NET VOLUME (in³)
3650-3655  *?  N6                                req=01,02 ex=365n                                # NET VOLUME (ft³)
3660-3665  *?  N6                                req=01,02 ex=366n                                # NET VOLUME (yd³)
3670-3675  *?  N6                                req=00,01 ex=367n                                # VOLUME (in³), log
3680-3685  *?  N6                                req=00,01 ex=368n                                # VOLUME (ft³), log
3690-3695  *?  N6                                req=00,01 ex=369n                                # VOLUME (yd³), log
37          ?  N..8                              req=00 req=02,8026                               # COUNT
3900-3909   ?  N..15                             req=255,8020 ex=390n,391n,394n,8111              # AMOUNT
3910-3919   ?  N3,iso4217 N..15                  req=8020 ex=391n                                 # AMOUNT
3920-3929   ?  N..15                             req=01 req=30,31nn,32nn,35nn,36nn ex=392n,393n   # PRICE
3930-3939   ?  N3,iso4217 N..15                  req=30,31nn,32nn,35nn,36nn ex=393n               # PRICE
3940-3943   ?  N4                                req=255 ex=394n,8111                             # PRCNT OFF
3950-3955   ?  N6  req=30,31nn,32nn,35nn,36nn ex=392n,393n,395n,8005                              # PRICE/UoM
400         ?  X..30                                                                              # ORDER NUMBER
401         ?  X..30,gcppos1                     dlpkey                                           # GINC
402         ?  N17,csum,gcppos1                  dlpkey                                           # GSIN
403         ?  X..30                             req=00                                           # ROUTE
410        *?  N13,csum,gcppos1                                                                   # SHIP TO LOC
411        *?  N13,csum,gcppos1                                                                   # BILL TO
412        *?  N13,csum,gcppos1                                                                   # PURCHASE FROM
413        *?  N13,csum,gcppos1                                                                   # SHIP FOR LOC
414        *?  N13,csum,gcppos1                  dlpkey=254|7040                                  # LOC No.
415        *?  N13,csum,gcppos1                  req=8020 dlpkey=8020                             # PAY TO
416        *?  N13,csum,gcppos1                                                                   # PROD/SERV LOC
417        *?  N13,csum,gcppos1                  dlpkey=7040                                      # PARTY
420         ?  X..20                             ex=421                                           # SHIP TO POST
421         ?  N3,iso3166 X..9                   ex=4307                                          # SHIP TO POST
422         ?  N3,iso3166                        req=01,02,8006,8026 ex=426                       # ORIGIN
423         ?  N3,iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166  req=01,02 ex=426   # COUNTRY - INITIAL PROCESS
424         ?  N3,iso3166                        req=01,02 ex=426                                 # COUNTRY - PROCESS
425         ?  N3,iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166  req=01,02 ex=426   # COUNTRY - DISASSEMBLY
426         ?  N3,iso3166                        req=01,02                                        # COUNTRY - FULL PROCESS
427         ?  X..3                              req=01,02 req=422                                # ORIGIN SUBDIVISION
4300        ?  X..35,pcenc                       req=00                                           # SHIP TO COMP
4301        ?  X..35,pcenc                       req=00                                           # SHIP TO NAME
4302        ?  X..70,pcenc                       req=00                                           # SHIP TO ADD1
4303        ?  X..70,pcenc                       req=4302                                         # SHIP TO ADD2
4304        ?  X..70,pcenc                       req=00                                           # SHIP TO SUB
4305        ?  X..70,pcenc                       req=00                                           # SHIP TO LOC
4306        ?  X..70,pcenc                       req=00                                           # SHIP TO REG
4307        ?  X2,iso3166alpha2                  req=00                                           # SHIP TO COUNTRY
4308        ?  X..30                             req=00                                           # SHIP TO PHONE
4309        ?  N10,latitude N10,longitude        req=00                                           # SHIP TO GEO
4310        ?  X..35,pcenc                       req=00                                           # RTN TO COMP
4311        ?  X..35,pcenc                       req=00                                           # RTN TO NAME
4312        ?  X..70,pcenc                       req=00                                           # RTN TO ADD1
4313        ?  X..70,pcenc                       req=4312                                         # RTN TO ADD2
4314        ?  X..70,pcenc                       req=00                                           # RTN TO SUB
4315        ?  X..70,pcenc                       req=00                                           # RTN TO LOC
4316        ?  X..70,pcenc                       req=00                                           # RTN TO REG
4317        ?  X2,iso3166alpha2                  req=00                                           # RTN TO COUNTRY
4318        ?  X..20                             req=00                                           # RTN TO POST
4319        ?  X..30                             req=00                                           # RTN TO PHONE
4320        ?  X..35,pcenc                       req=00                                           # SRV DESCRIPTION
4321        ?  N1,yesno                          req=00                                           # DANGEROUS GOODS
4322        ?  N1,yesno                          req=00                                           # AUTH TO LEAVE
4323        ?  N1,yesno                          req=00                                           # SIG REQUIRED
4324        ?  N6,yymmd0 N4,hhmi                 req=00                                           # NOT BEF DEL DT
4325        ?  N6,yymmd0 N4,hhmi                 req=00                                           # NOT AFT DEL DT
4326        ?  N6,yymmdd                         req=00                                           # REL DATE
4330        ?  N6 [X1],hyphen                    req=00 ex=4331                                   # MAX TEMP F.
4331        ?  N6 [X1],hyphen                    req=00 ex=4330                                   # MAX TEMP C.
4332        ?  N6 [X1],hyphen                    req=00 ex=4333                                   # MIN TEMP F.
4333        ?  N6 [X1],hyphen                    req=00 ex=4332                                   # MIN TEMP C.
7001        ?  N13                               req=01,02,8006,8026                              # NSN
7002        ?  X..30                             req=01,02                                        # MEAT CUT
7003        ?  N6,yymmdd N4,hhmi                 req=01,02                                        # EXPIRY TIME
7004        ?  N..4                              req=01+10                                        # ACTIVE POTENCY
7005        ?  X..12                             req=01,02                                        # CATCH AREA
7006        ?  N6,yymmdd                         req=01,02                                        # FIRST FREEZE DATE
7007        ?  N6,yymmdd [N6],yymmdd             req=01,02                                        # HARVEST DATE
7008        ?  X..3                              req=01,02                                        # AQUATIC SPECIES
7009        ?  X..10                             req=01,02                                        # FISHING GEAR TYPE
7010        ?  X..2                              req=01,02                                        # PROD METHOD
7011        ?  N6,yymmdd [N4],hhmi               req=01,02                                        # TEST BY DATE
7020        ?  X..20                             req=01,8006 req=416                              # REFURB LOT
7021        ?  X..20                             req=01,8006                                      # FUNC STAT
7022        ?  X..20                             req=7021                                         # REV STAT
7023        ?  X..30,gcppos1                                                                      # GIAI - ASSEMBLY
7030        ?  N3,iso3166999 X..27               req=01,02                                        # PROCESSOR # 0
7031        ?  N3,iso3166999 X..27               req=01,02                                        # PROCESSOR # 1
7032        ?  N3,iso3166999 X..27               req=01,02                                        # PROCESSOR # 2
7033        ?  N3,iso3166999 X..27               req=01,02                                        # PROCESSOR # 3
7034        ?  N3,iso3166999 X..27               req=01,02                                        # PROCESSOR # 4
7035        ?  N3,iso3166999 X..27               req=01,02                                        # PROCESSOR # 5
7036        ?  N3,iso3166999 X..27               req=01,02                                        # PROCESSOR # 6
7037        ?  N3,iso3166999 X..27               req=01,02                                        # PROCESSOR # 7
7038        ?  N3,iso3166999 X..27               req=01,02                                        # PROCESSOR # 8
7039        ?  N3,iso3166999 X..27               req=01,02                                        # PROCESSOR # 9
7040           N1 X1 X1 X1,importeridx                                                            # UIC+EXT
7041           X..4,packagetype                  req=00                                           # UFRGT UNIT TYPE
710         ?  X..20                             req=01                                           # NHRN PZN
711         ?  X..20                             req=01                                           # NHRN CIP
712         ?  X..20                             req=01                                           # NHRN CN
713         ?  X..20                             req=01                                           # NHRN DRN
714         ?  X..20                             req=01                                           # NHRN AIM
715         ?  X..20                             req=01                                           # NHRN NDC
716         ?  X..20                             req=01                                           # NHRN AIC
717         ?  X..20                             req=01                                           # NHRN SRN
7230        ?  X2 X..28                          req=01,8004                                      # CERT # 1
7231        ?  X2 X..28                          req=01,8004                                      # CERT # 2
7232        ?  X2 X..28                          req=01,8004                                      # CERT # 3
7233        ?  X2 X..28                          req=01,8004                                      # CERT # 4
7234        ?  X2 X..28                          req=01,8004                                      # CERT # 5
7235        ?  X2 X..28                          req=01,8004                                      # CERT # 6
7236        ?  X2 X..28                          req=01,8004                                      # CERT # 7
7237        ?  X2 X..28                          req=01,8004                                      # CERT # 8
7238        ?  X2 X..28                          req=01,8004                                      # CERT # 9
7239        ?  X2 X..28                          req=01,8004                                      # CERT # 10
7240        ?  X..20                             req=01,8006                                      # PROTOCOL
7241        ?  N2,mediatype                      req=8017,8018                                    # AIDC MEDIA TYPE
7242        ?  X..25                             req=8017,8018                                    # VCN
7250        ?  N8,yyyymmdd                       req=8018 ex=7251                                 # DOB
7251        ?  N8,yyyymmdd N4,hhmi               req=8018 ex=7250                                 # DOB TIME
7252        ?  N1,iso5218                        req=8018                                         # BIO SEX
7253        ?  X..40,pcenc                       req=8017,8018 ex=7256,7259                       # FAMILY NAME
7254        ?  X..40,pcenc                       req=8017,8018 ex=7256,7259                       # GIVEN NAME
7255        ?  X..10                             req=8017,8018 ex=7256,7259                       # SUFFIX
7256        ?  X..90,pcenc                       req=8017,8018                                    # FULL NAME
7257        ?  X..70,pcenc                       req=8018                                         # PERSON ADDR
7258        ?  X3,posinseqslash                  req=8018+7259                                    # BIRTH SEQUENCE
7259        ?  X..40,pcenc                       req=8018 ex=7256                                 # BABY
8001        ?  N4,nonzero N5,nonzero N3,nonzero N1,winding N1  req=01                             # DIMENSIONS
8002        ?  X..20                                                                              # CMT No.
8003        ?  N1,zero N13,csum,gcppos1 [X..16]  dlpkey                                           # GRAI
8004        ?  X..30,gcppos1                     dlpkey=7040                                      # GIAI
8005        ?  N6                                req=01,02                                        # PRICE PER UNIT
8006        ?  N14,csum,gcppos2 N4,pieceoftotal  ex=01,37 dlpkey=22,10,21                         # ITIP
8007        ?  X..34,iban                        req=415                                          # IBAN
8008        ?  N6,yymmdd N2,hh [N2],mi [N2],ss   req=01,02                                        # PROD TIME
8009        ?  X..50                             req=00,01                                        # OPTSEN
8010        ?  Y..30,gcppos1                     dlpkey=8011                                      # CPID
8011           N..12,nozeroprefix                req=8010                                         # CPID SERIAL
8012        ?  X..20                             req=01,8006                                      # VERSION
8013        ?  X..25,csumalpha,gcppos1           dlpkey                                           # GMN
8014           X..25,csumalpha,gcppos1,hasnondigit  req=01                                        # MUDI
8017        ?  N18,csum,gcppos1                  ex=8018 dlpkey=8019                              # GSRN - PROVIDER
8018        ?  N18,csum,gcppos1                  ex=8017 dlpkey=8019                              # GSRN - RECIPIENT
8019           N..10                             req=8017,8018                                    # SRIN
8020           X..25                             req=415                                          # REF No.
8026        ?  N14,csum,gcppos2 N4,pieceoftotal  req=37 ex=02,8006                                # ITIP CONTENT
8030        ?  Z..90  req=00,01+21,253,255,8003,8004,8006+21,8010+8011,8017,8018                  # DIGSIG
8040           N15                               req=01+21                                        # IMEI
8041           N15                               req=01+21+8040                                   # IMEI2
8042           N32                               req=01+21+8040                                   # ESIM
8043           N18 [N..2]                        req=01+21+8040                                   # PSIM
8110        ?  X..70,couponcode
8111        ?  N4                                req=255                                          # POINTS
8112        ?  X..70,couponposoffer
8200           X..70                             req=01                                           # PRODUCT URL
90          ?  X..30                                                                              # INTERNAL
91-99       ?  X..90                                                                              # INTERNAL
"""

# GS1 General Specifications 7.8.5 (concatenation), the table of element
# strings with predefined length: the AIs starting with these two digits
# have a predefined length (AI and data, in characters) and never need an
# FNC1 after them; every other AI needs one unless it ends the string. As GS1's syntax engine does, (23) is
# no longer in it (now (235), variable) and (04), (14), (18), (19) are
# reserved with their lengths although no AI uses them yet.
PREDEFINED_LENGTHS = {
    "00": 20,
    "01": 16,
    "02": 16,
    "03": 16,
    "04": 18,
    "11": 8,
    "12": 8,
    "13": 8,
    "14": 8,
    "15": 8,
    "16": 8,
    "17": 8,
    "18": 8,
    "19": 8,
    "20": 4,
    "31": 10,
    "32": 10,
    "33": 10,
    "34": 10,
    "35": 10,
    "36": 10,
    "41": 16,
}

CHARSETS = {
    "N": frozenset("0123456789"),
    "X": GS1_CHARSET_82,
    "Y": frozenset("#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "Z": frozenset("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz="),
}
# Codes of the message table: how messages name each character set.
CHARSET_NAMES = {
    "N": "gs1_charset_digits",
    "X": "gs1_charset_82",
    "Y": "gs1_charset_39",
    "Z": "gs1_charset_64",
}

Component = namedtuple("Component", "charset min_length max_length optional linters")


class ApplicationIdentifier(
    namedtuple("ApplicationIdentifier", "ai title components predefined_length")
):
    """One AI of the dictionary: its data components, and whether it needs no FNC1 after it."""

    __slots__ = ()

    @property
    def min_length(self):
        return sum(
            component.min_length
            for component in self.components
            if not component.optional
        )

    @property
    def max_length(self):
        return sum(component.max_length for component in self.components)

    @property
    def fnc1_required(self):
        """An FNC1 must follow this AI's data unless the string ends there."""
        return not self.predefined_length


_COMPONENT_RE = re.compile(r"^(\[)?([NXYZ])(\d+|\.\.\d+)(\])?((?:,\w+)*)$")


def _parse_syntax_dictionary(text):
    """Return {ai: ApplicationIdentifier} for every AI of the dictionary, ranges expanded."""
    table = {}
    for line in text.splitlines():
        body, _hash, title = line.partition("#")
        tokens = body.split()
        if not tokens:
            continue
        ais, tokens = tokens[0], tokens[1:]
        flags = tokens.pop(0) if tokens and not _COMPONENT_RE.match(tokens[0]) else ""
        components = []
        for token in tokens:
            match = _COMPONENT_RE.match(token)
            if not match:
                break  # the attributes (req=, ex=, dlpkey) follow the specification
            optional, charset, length, _close, linters = match.groups()
            low, high = (
                (1, int(length[2:]))
                if length.startswith("..")
                else (int(length), int(length))
            )
            components.append(
                Component(
                    charset,
                    low,
                    high,
                    bool(optional),
                    tuple(filter(None, linters.split(","))),
                )
            )
        first, _dash, last = ais.partition("-")
        for number in range(int(first), int(last or first) + 1):
            ai = str(number).zfill(len(first))
            table[ai] = ApplicationIdentifier(
                ai, title.strip(), tuple(components), "*" in flags
            )
    return table


AI_TABLE = _parse_syntax_dictionary(GS1_SYNTAX_DICTIONARY)
_AI_SIZES = sorted({len(ai) for ai in AI_TABLE})

# Our names for the AIs a serial's label carries, as codes of the message
# table (else the dictionary's title, GS1's own English name of the AI).
AI_LABELS = {
    "00": "gs1_ai_sscc",
    "01": "gs1_ai_gtin",
    "02": "gs1_ai_contained_gtin",
    "10": "gs1_ai_lot",
    "11": "gs1_ai_production_date",
    "13": "gs1_ai_packaging_date",
    "15": "gs1_ai_best_before_date",
    "17": "gs1_ai_expiry_date",
    "21": "gs1_ai_serial",
    "30": "gs1_ai_count",
    "37": "gs1_ai_count",
    "91": "gs1_ai_internal_data",
}
_HUMAN_READABLE_RE = re.compile(r"\((\d{2,4})\)")


class Gs1Error(MessageError):
    """An element string that is not valid GS1; its message names the problem."""


def lookup_ai(text, position=0):
    """Return the ApplicationIdentifier that ``text`` starts with at ``position``, or None.

    GS1 allocates AIs so that none is the prefix of another: at most one matches.
    """
    for size in _AI_SIZES:
        entry = AI_TABLE.get(text[position : position + size])
        if entry:
            return entry
    return None


def ai_name(ai):
    """The name of an AI: our Message for the AIs of a serial's label, else
    the dictionary's title (may be empty)."""
    if ai in AI_LABELS:
        return Message(AI_LABELS[ai])
    entry = AI_TABLE.get(ai)
    return entry.title if entry else ""


def field_label(ai):
    """How messages name a field: "serial", "GTIN", or "(240) ADDITIONAL ID"."""
    name = ai_name(ai)
    if isinstance(name, Message):
        return name
    return Message("gs1_ai_titled", ai=ai, title=name) if name else f"({ai})"


def strip_symbology_prefix(text):
    """Return (text without its symbology identifier, whether there was one)."""
    for prefix in SYMBOLOGY_PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix) :], True
    return text, False


def normalize_element_string(text):
    """Return ``(element string with FNC1 separators, looks_like_gs1)``.

    Accepts what scanners send: symbology prefix, FNC1 or a stand-in, and
    the human readable form with parentheses "(01)095...(21)SN1". A leading
    FNC1 (GS1-128 starts with one) is dropped.
    """
    if text is None or text is False:
        text = ""
    if not isinstance(text, str):
        return text, False  # not a scan at all: the caller names it
    original = text = text.strip("\r\n\t ")
    text, prefixed = strip_symbology_prefix(text)
    for stand_in in FNC1_STAND_INS:
        text = text.replace(stand_in, FNC1)
    human_readable = bool(_HUMAN_READABLE_RE.match(text))
    if human_readable:
        # "(01)123(21)ABC": every parenthesised AI but the first follows a separator.
        text = _HUMAN_READABLE_RE.sub(lambda match: FNC1 + match.group(1), text)
    text = text.strip(FNC1)
    while FNC1 * 2 in text:
        text = text.replace(FNC1 * 2, FNC1)
    # A separator makes a GS1 string only after an AI: "SN#12" is a plain
    # serial with a "#", "21SN#17260101" a serial and an expiry.
    has_separator = FNC1 in text and bool(re.match(r"\d{2}", text))
    if not (prefixed or has_separator or human_readable or _starts_with_gtin(text)):
        return original, False
    return text, True


def _starts_with_gtin(text):
    """A bare "01" + 14 digits + more AIs is a GS1 string typed without separators."""
    return bool(re.match(r"^0[12]\d{14}(\d{2}|$)", text)) and len(text) > 16


def gtin_check_digit(digits):
    """Return the GS1 check digit (mod 10, weights 3-1 from the right) of ``digits``."""
    total = sum(
        int(digit) * (3 if index % 2 == 0 else 1)
        for index, digit in enumerate(reversed(digits))
    )
    return str((10 - total % 10) % 10)


def check_gtin(gtin):
    """Raise Gs1Error if ``gtin`` is not 8, 12, 13 or 14 digits with a right check digit."""
    if not gtin.isdigit() or len(gtin) not in (8, 12, 13, 14):
        raise Gs1Error("gs1_gtin_length", gtin=gtin)
    expected = gtin_check_digit(gtin[:-1])
    if gtin[-1] != expected:
        raise Gs1Error("gs1_gtin_check_digit", gtin=gtin, expected=expected)


def gtin_variants(gtin14):
    """Return the ways a product barcode may store this GTIN-14 (14, 13, 12 and 8 digits)."""
    return [
        gtin14[14 - size :]
        for size in (14, 13, 12, 8)
        if set(gtin14[: 14 - size]) <= {"0"}
    ]


def gs1_century(two_digit_year, today=None):
    """Return the four-digit year of a GS1 YY (GS1 General Specifications 7.12).

    A window from 49 years back to 50 years ahead of ``today``, as Odoo's
    own parser and GS1's syntax engine do.
    """
    today = today or datetime.date.today()
    year_difference = two_digit_year - today.year % 100
    century = today.year // 100
    if 51 <= year_difference <= 99:
        century -= 1
    elif -99 <= year_difference <= -50:
        century += 1
    return century * 100 + two_digit_year


def parse_gs1_date(value, today=None):
    """Return the date of a GS1 YYMMDD field; DD=00 is the last day of the month."""
    if not re.fullmatch(r"\d{6}", value or ""):
        raise Gs1Error("gs1_date_digits", value=value)
    year = gs1_century(int(value[:2]), today)
    return _calendar_date(value, year, int(value[2:4]), int(value[4:]))


def _calendar_date(value, year, month, day, day_zero=True):
    if not 1 <= month <= 12:
        raise Gs1Error("gs1_date_month", value=value, month=month)
    last_day = calendar.monthrange(year, month)[1]
    if day == 0 and day_zero:
        day = last_day
    if not 1 <= day <= last_day:
        raise Gs1Error("gs1_date_day", value=value, day=day, month=month)
    return datetime.date(year, month, day)


def format_gs1_date(date):
    return date.strftime("%y%m%d")


def check_gs1_text(value, label=None, max_length=20):
    """Raise Gs1Error if an alphanumeric field is empty, too long or outside set 82."""
    label = label or Message(AI_LABELS["21"])
    if not value:
        raise Gs1Error("gs1_empty", label=label)
    if len(value) > max_length:
        raise _too_long(label, value, max_length)
    bad = sorted({char for char in value if char not in GS1_CHARSET_82})
    if bad:
        raise Gs1Error(
            "gs1_charset",
            label=label,
            value=value,
            charset=Message(CHARSET_NAMES["X"]),
            chars=" ".join(map(repr, bad)),
        )


def _too_long(label, value, max_length):
    return Gs1Error(
        "gs1_too_long", label=label, value=value, max=max_length, length=len(value)
    )


# ----------------------------------------------------------------------
# Linters: the content checks the dictionary names for a component
# ----------------------------------------------------------------------
# Each takes (label, component value, today) and raises Gs1Error. Those
# that need a code list or a long rule (countries, currencies, IBAN, the
# alphanumeric check pair of GMN, coupons, ...) are not run: such a value
# is accepted when its characters and length are right.


def _lint_csum(label, value, today):
    expected = gtin_check_digit(value[:-1])
    if value[-1] != expected:
        raise Gs1Error("gs1_check_digit", label=label, value=value, expected=expected)


def _lint_date(day_zero, four_digit_year=False):
    def lint(label, value, today):
        try:
            if four_digit_year:
                _calendar_date(
                    value, int(value[:4]), int(value[4:6]), int(value[6:]), day_zero
                )
            else:
                _calendar_date(
                    value,
                    gs1_century(int(value[:2]), today),
                    int(value[2:4]),
                    int(value[4:]),
                    day_zero,
                )
        except Gs1Error as error:
            raise Gs1Error(
                "gs1_field_error", label=label, error=error.message
            ) from None

    return lint


def _lint_range(what, low, high):
    def lint(label, value, today):
        if not low <= int(value) <= high:
            raise Gs1Error(
                "gs1_out_of_range",
                label=label,
                value=value,
                what=Message(what),
                low=low,
                high=high,
            )

    return lint


def _lint_hhmi(label, value, today):
    _lint_range("gs1_hour", 0, 23)(label, value[:2], today)
    _lint_range("gs1_minute", 0, 59)(label, value[2:], today)


def _lint_choice(what, allowed):
    def lint(label, value, today):
        if value not in allowed:
            raise Gs1Error(
                "gs1_not_allowed",
                label=label,
                value=value,
                what=Message(what),
                allowed=", ".join(allowed),
            )

    return lint


def _lint_nonzero(label, value, today):
    if not value.strip("0"):
        raise Gs1Error("gs1_zero", label=label, value=value)


def _lint_nozeroprefix(label, value, today):
    if len(value) > 1 and value.startswith("0"):
        raise Gs1Error("gs1_zero_prefix", label=label, value=value)


def _lint_pieceoftotal(label, value, today):
    piece, total = int(value[: len(value) // 2]), int(value[len(value) // 2 :])
    if not 1 <= piece <= total:
        raise Gs1Error("gs1_piece_of_total", label=label, piece=piece, total=total)


def _lint_hasnondigit(label, value, today):
    if value.isdigit():
        raise Gs1Error("gs1_all_digits", label=label, value=value)


LINTERS = {
    "csum": _lint_csum,
    "yymmd0": _lint_date(day_zero=True),
    "yymmdd": _lint_date(day_zero=False),
    "yyyymmd0": _lint_date(day_zero=True, four_digit_year=True),
    "yyyymmdd": _lint_date(day_zero=False, four_digit_year=True),
    "hh": _lint_range("gs1_hour", 0, 23),
    "mi": _lint_range("gs1_minute", 0, 59),
    "ss": _lint_range("gs1_second", 0, 59),
    "hhmi": _lint_hhmi,
    "yesno": _lint_choice("gs1_yes_no", ("0", "1")),
    "zero": _lint_choice("gs1_zero_digit", ("0",)),
    "winding": _lint_choice("gs1_winding", ("0", "1", "9")),
    "hyphen": _lint_choice("gs1_hyphen", ("-",)),
    "iso5218": _lint_choice("gs1_sex_code", ("0", "1", "2", "9")),
    "nonzero": _lint_nonzero,
    "nozeroprefix": _lint_nozeroprefix,
    "pieceoftotal": _lint_pieceoftotal,
    "hasnondigit": _lint_hasnondigit,
}
UNCHECKED_LINTERS = frozenset(
    (
        "gcppos1",
        "gcppos2",
        "iso3166",
        "iso3166999",
        "iso3166alpha2",
        "iso4217",
        "iban",
        "csumalpha",
        "couponcode",
        "couponposoffer",
        "latitude",
        "longitude",
        "mediatype",
        "packagetype",
        "pcenc",
        "posinseqslash",
        "importeridx",
    )
)


# ----------------------------------------------------------------------
# Splitting, checking and building element strings
# ----------------------------------------------------------------------


def split_element_string(text):
    """Split a normalised element string into [(ai, value), ...], naming any problem.

    Follows GS1's rules: an AI of predefined length takes exactly its
    length (an FNC1 after it is tolerated); any other AI runs to the next
    FNC1 or the end. Every AI of AI_TABLE is read; an unknown one, or a
    field of the wrong length, is refused. check_fields() checks the values.
    """
    fields = []
    position = 0
    while position < len(text):
        entry = lookup_ai(text, position)
        if entry is None:
            raise Gs1Error("gs1_unknown_ai_at", text=text[position : position + 4])
        ai = entry.ai
        position += len(ai)
        if entry.predefined_length:
            length = entry.max_length
            # As GS1's syntax engine does: up to its length, or an FNC1 before it.
            value = text[position : position + length].split(FNC1, 1)[0]
            position += len(value)
            if len(value) != length or not value.isdigit():
                raise Gs1Error(
                    "gs1_fixed_digits",
                    label=Message("gs1_ai_titled", ai=ai, title=ai_name(ai)),
                    value=value,
                    length=length,
                )
            if text[position : position + 1] == FNC1:
                position += 1
        else:
            end = text.find(FNC1, position)
            end = len(text) if end == -1 else end
            value = text[position:end]
            position = end + 1
            if len(value) > entry.max_length:
                raise _too_long(field_label(ai), value, entry.max_length)
        fields.append((ai, value))
    return fields


def check_field(ai, value, today=None):
    """Raise Gs1Error if ``value`` is not valid for ``ai``: length, characters, linters."""
    entry = AI_TABLE.get(ai)
    if entry is None:
        raise Gs1Error("gs1_unknown_ai", ai=ai)
    label = field_label(ai)
    if ai in ("10", "21"):
        check_gs1_text(value, label, entry.max_length)
    if not value:
        raise Gs1Error("gs1_empty", label=label)
    if len(value) > entry.max_length:
        raise _too_long(label, value, entry.max_length)
    if len(value) < entry.min_length:
        if entry.min_length == entry.max_length:
            raise Gs1Error(
                "gs1_too_short_length",
                label=label,
                value=value,
                length=entry.min_length,
            )
        raise Gs1Error(
            "gs1_too_short_lengths",
            label=label,
            value=value,
            low=entry.min_length,
            high=entry.max_length,
        )
    position = 0
    for component in entry.components:
        if position >= len(value) and component.optional:
            break
        part = value[position : position + component.max_length]
        position += len(part)
        if len(part) < component.min_length:
            raise Gs1Error("gs1_too_short", label=label, value=value)
        bad = sorted({char for char in part if char not in CHARSETS[component.charset]})
        if bad:
            if component.charset == "N":
                raise Gs1Error("gs1_digits", label=label, value=value)
            raise Gs1Error(
                "gs1_charset",
                label=label,
                value=value,
                charset=Message(CHARSET_NAMES[component.charset]),
                chars=" ".join(map(repr, bad)),
            )
        for linter in component.linters:
            if linter in LINTERS:
                LINTERS[linter](label, part, today)


def check_fields(fields, today=None):
    """Raise Gs1Error for the first wrong value of [(ai, value), ...]."""
    for ai, value in fields:
        check_field(ai, value, today)


def build_element_string(fields):
    """Return the element string (FNC1 separated) for [(ai, value), ...].

    A separator follows every field but the last whose AI is not of
    predefined length.
    """
    parts = []
    for index, (ai, value) in enumerate(fields):
        entry = AI_TABLE.get(ai)
        if entry is None:
            raise Gs1Error("gs1_unknown_ai", ai=ai)
        parts.append(ai + value)
        if entry.fnc1_required and index < len(fields) - 1:
            parts.append(FNC1)
    return "".join(parts)


def human_readable(fields):
    """Return "(01)09506000134352(21)SN1", the text printed under a GS1 barcode."""
    return "".join(f"({ai}){value}" for ai, value in fields)


def case_label_serials(text):
    """[(gtin, serial), ...] of a GS1 label of a whole case: each unit as (01) GTIN then (21) serial.

    The supplier's case label repeats (01)+(21) for every unit inside; other
    fields are checked and ignored. Raises Gs1Error naming the problem.
    """
    element, looks_like_gs1 = normalize_element_string(text)
    if not looks_like_gs1 or not isinstance(element, str):
        raise Gs1Error("gs1_not_a_label", text=text)
    pairs = []
    gtin = None
    for ai, value in split_element_string(element):
        check_field(ai, value)
        if ai == "01":
            gtin = value
        elif ai == "21":
            if gtin is None:
                raise Gs1Error("gs1_serial_before_gtin", value=value)
            pairs.append((gtin, value))
    if not pairs:
        raise Gs1Error("gs1_no_serial")
    return pairs
