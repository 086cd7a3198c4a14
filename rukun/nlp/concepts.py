"""A multilingual concept glossary: one feature for one idea in five languages.

Chinese and Tamil make up a tenth of the corpus each, so a model that sees
only their surface forms learns each category from a few dozen examples.
This glossary maps the domain's key terms in Malay, English, Chinese and
Tamil (and Manglish spellings) to shared concept tokens (``§noise``,
``§parking`` …); the classifier sees the concept beside the words, so what it
learns from the Malay and English reports carries over to the others — a
bilingual-lexicon bridge in the spirit of cross-lingual feature projection
(e.g. Prettenhofer & Stein 2010, who map pivot words across languages).

Latin-script terms match at a word start, after an optional Malay prefix
(``di``, ``ter``, ``pen`` …), and may take suffixes; terms of three letters or
fewer must be whole words. Chinese and Tamil terms match as substrings, which
handles Tamil inflection and needs no Chinese segmenter.
"""

from __future__ import annotations

import re
from typing import Any

#: concept → terms (any language). Hand-written for the taxonomy's categories
#: and the severity and 3R cues; see docs/data-card.md.
GLOSSARY: dict[str, tuple[str, ...]] = {
    "noise": (
        "派对", "低音", "音响", "சத்தமாக",
        "noise", "noisy", "loud", "karaoke", "music", "speaker", "drilling", "hammering", "bising",
        "bunyi", "muzik", "menyanyi", "nyanyi", "ekzos", "exhaust", "bingit", "吵", "噪音", "声量",
        "大声", "音乐", "卡拉", "钻墙", "喇叭声", "唱歌", "சத்தம்", "சத்த", "இரைச்சல்", "பாட்டு", "ஒலிபெருக்கி",
        "喧哗", "嘈杂", "吵闹", "扰民", "唱k", "唱 k", "轰油门", "打桩", "电锯", "隔音", "麻将", "洗牌声", "鼓声", "睡不着",
        "உரக்க", "உரத்த", "மேளம்", "தூங்க முடிய", "தூங்க விட", "நிம்மதியா தூங்க", "ஸ்பீக்கர்",
        "கரோக்கி", "generator", "grinder", "chainsaw", "welding", "alarm", "dj", "bass", "kompang",
        "mahjong",
    ),
    "renovation": (
        "renovat", "ubah suai", "ubahsuai", "contractor", "kontraktor", "装修", "施工", "renovation",
        "வேலை நடக்கு",
        "翻新", "装潢", "承包商", "包工头", "敲墙", "拆墙", "电钻", "建筑工", "புதுப்பி", "கட்டுமான", "ஒப்பந்ததாரர்",
        "கான்ட்ராக்டர்", "ரினோவேஷன்",
    ),
    "parking": (
        "车停", "停在", "双重停", "இரட்டை",
        "parking", "parkir", "park ", "parked", "double park", "driveway", "petak", "letak kereta",
        "halang", "menghalang", "obstruct", "停车", "泊车", "车位", "挡住", "挡", "移车",
        "车道", "நிறுத்த", "பார்க்", "பார்க்கிங்", "வழியை", "மறைத்து",
        "停满", "乱停", "停放", "霸位", "留位", "占位", "三角锥", "挡路", "堵住", "倒车", "拖车", "罚单", "அடைச்சு",
        "அடைத்து", "வழி மறி", "இடம் பிடி",
    ),
    "vehicle": (
        "车辆", "车主", "வாகன",
        "car", "cars", "kereta", "lorry", "lori", "van", "motosikal", "motorbike", "myvi", "车",
        "罗里", "摩托", "கார்", "வண்டி", "லாரி", "மோட்டார்",
        "摩多", "德士", "லோரி", "பைக்", "சைக்கிள்", "ஸ்கூட்டர்",
    ),
    "waste": (
        "废料", "清理", "கழிவு", "வாடை", "துர்நாற்ற",
        "sampah", "rubbish", "garbage", "trash", "dump", "buang", "longkang", "drain", "smell",
        "bau", "busuk", "stink", "tong", "mosquito", "nyamuk", "rat", "tikus", "垃圾", "沟渠", "水沟",
        "臭", "蚊", "老鼠", "乱丢", "倒垃圾", "குப்பை", "வடிகால்", "நாற்றம்", "கொசு", "எலி", "சாக்கடை",
        "鸟粪", "粪便", "污水", "积水", "倾倒", "污染", "废气", "塑料", "蟑螂", "苍蝇", "卫生", "排水", "异味", "நாத்தம்",
        "ஈக்கள்", "ஈ மொய்", "கொட்டு", "கொட்டி", "மாசு", "தேங்கி", "டெங்கி", "டிங்கி", "கரப்பான்",
        "cockroach", "lipas", "stench", "sewage", "kumbahan", "septic", "landfill", "flies",
        "lalat", "நாற்ற",
    ),
    "animal": (
        "anjing", "kucing", "dog", "cat", "cats", "monyet", "monkey", "ayam", "lembu", "kambing",
        "狗", "猫", "猴", "鸡", "நாய்", "பூனை", "குரங்கு", "கோழி", "மாடு",
        "鸽子", "鸽群", "宠物", "流浪", "毒蛇", "பாம்பு", "புறா", "குரைக்", "குரைச்ச", "காக்கா", "ஆட்டுப்",
        "ஆடுகள்", "வாத்து", "எருமை", "செல்லப்பிராணி", "goat", "cow", "cows", "chicken", "pigeon",
        "snake", "stray", "burung", "ular", "barking",
    ),
    "burning": (
        "焚烧", "露天烧", "bakar", "burn", "smoke", "asap", "烧", "烟", "எரி", "புகை",
        "தீ வை", "தீப்பிடி",
    ),
    "boundary": (
        "屋顶", "雨水", "நில", "நீட்டிப்பு", "பகிரப்பட்ட",
        "pagar", "fence", "sempadan", "boundary", "tanah", "land title", "piece of land", "tembok", "wall", "pokok", "tree",
        "dahan", "branch", "extension", "sambungan", "encroach", "ceroboh", "篱笆", "围墙", "地界", "边界",
        "树", "土地", "扩建", "வேலி", "சுவர்", "மரம்", "நிலம்", "எல்லை", "கிளை",
        "地契", "越界", "过界", "违建", "违章", "搭建", "加建", "占用", "公共地", "后巷", "共用", "界线", "地段", "业权", "围篱",
        "围起", "侵占", "采光", "மதில்", "ஆக்கிரமி", "அனுமதியின்றி", "அனுமதி இல்லாம", "நடைபாதை", "கூரை",
        "நீட்டி", "பின் சந்து",
    ),
    "damage": (
        "赔偿", "சேதப்",
        "rosak", "damage", "crack", "retak", "bocor", "leak", "pecah", "broken", "calar", "scratch",
        "裂", "损坏", "漏水", "破", "刮", "விரிசல்", "சேதம்", "ஒழுகு", "உடைந்த", "உடைத்",
        "砸坏", "砸破", "打破", "弄坏", "损毁", "毁坏", "உடைச்ச", "உடைக்க", "உடைப்பு", "கசிவு", "கீறல்",
        "இழப்பீடு", "நஷ்ட ஈடு",
    ),
    "religion": (
        "muslim", "gurdwara", "முஸ்லிம்", "தொழுகை", "ரதம்", "வழிபாட்டு", "இந்து", "கிறிஸ்தவ", "பௌத்த", "穆斯林", "回教徒", "印度教", "基督", "宗教场所",
        "扩音", "诵经", "神坛", "晨礼", "鞭炮", "பூசை", "பிரார்த்தனை", "வழிபாடு",
        "surau", "masjid", "mosque", "temple", "kuil", "tokong", "church", "gereja", "azan", "solat",
        "prayer", "sembahyang", "agama", "religio", "islam", "hindu", "buddh", "christian", "kristian",
        "halal", "babi", "pork", "procession", "perarakan", "thaipusam", "joss", "colok", "ustaz",
        "imam", "sami", "paderi", "pastor", "dewa", "tuhan", "kafir", "murtad", "庙", "寺", "教堂",
        "宗教", "回教", "伊斯兰", "兴都", "佛", "拜拜", "烧香", "拜神", "神庙", "神明", "祈祷", "清真", "游神", "猪肉",
        "கோவில்", "கோயில்", "மசூதி", "சர்ச்", "தேவாலய", "மதம்", "மத ", "பூஜை", "திருவிழா", "சாமி",
        "ஊர்வலம்", "பன்றி", "தைப்பூசம்",
        "神台", "神龛", "中元", "盂兰", "纸钱", "金纸", "香烛", "香炉", "供品", "供奉", "拿督公", "土地公", "大伯公", "观音", "圣诞",
        "报佳音", "教会", "崇拜", "传教", "改信", "偶像", "祈祷室", "和尚", "僧人", "牧师", "神父", "鬼神", "教徒", "信徒", "锡克",
        "九皇爷", "念经", "可兰经", "斋戒", "屠妖节", "ஆலய", "பள்ளிவாசல்", "சுராவ்", "அசான்", "ஊதுபத்தி",
        "சாம்பிராணி", "கற்பூர", "பூசாரி", "குருக்கள்", "இமாம்", "பக்தர்", "சன்னதி", "சிலை",
        "அம்மன்", "முனீஸ்வர", "விநாயக", "பிள்ளையார்", "ஹோமம்", "சடங்கு", "புத்தர்", "விகாரை",
        "கிறிஸ்துமஸ்", "ஜமாத்", "ஹலால்", "மாட்டிறைச்சி", "மதச்", "மதப்", "மதத்", "காவடி",
        "பத்துமலை", "பத்து மலை", "ரமலான்", "நோன்பு", "இந்துக்", "சீக்கிய", "குருத்வாரா", "உண்டியல்",
        "shrine", "altar", "incense", "joss stick", "devotee", "worship", "korban", "qurban",
        "jemaah", "priest", "pagan", "convert", "tua pek kong", "datuk kong", "hungry ghost",
        "kavadi", "prophet", "quran", "al-quran", "sikh", "christmas", "carol", "statue", "deity",
        "gods", "天公", "神诞", "தைப்பூச", "ஊர்வல", "தெய்வ", "பங்குனி உத்திர", "easter",
    ),
    "race": (
        "kadazan", "bajau", "iban", "bangsa", "இந்திய", "கடசான்", "பஜாவ்", "友族", "各族", "巫统人",
        "辱骂", "印度", "马来", "இன ", "இனத்", "மலாய்க்கார",
        "kaum", "racis", "racial", "perkauman", "melayu", "malay", "cina", "chinese",
        "india", "indian", "keling", "kling", "tongsan", "pendatang", "bumiputera", "etnik",
        "ethnic", "种族", "马来人", "华人", "印度人", "巫裔", "华裔", "印裔", "回去中国", "இனம்", "இனவெறி",
        "மலாய்", "சீனர்", "இந்தியர்", "தமிழர்",
        "族群", "民族", "土著", "原住民", "卡达山", "巴瑶", "伊班", "达雅", "淡米尔", "回中国", "滚回", "吉宁", "吉灵", "支那",
        "外来者", "歧视", "肤色", "锡克人", "இனவ", "இனப்", "இனக்", "இனரீதி", "பாகுபாடு", "உங்க ஆளுங்க",
        "கறுப்பன்", "கருப்பன்", "வந்தேறி", "கெலிங்", "பூமிபுத்ர", "சீனப்", "சீனக்", "சீனர", "சீன ",
        "பஞ்சாபி", "ஈபான்", "orang asli", "sakai", "bengali", "racist", "dayak", "同族", "异族",
    ),
    "royalty": (
        "sultan", "kerabat", "agong", "royal", "diraja", "tuanku", "istana", "苏丹", "皇室", "元首",
        "சுல்தான்", "அரசர்", "மன்னர்",
        "华诞", "王室", "殿下", "陛下", "拉惹", "东姑", "皇宫", "அகோங்", "அரண்மனை", "இஸ்தானா", "பேரரசர்",
        "அரச குடும்ப",
    ),
    "online": (
        "删帖", "照片", "管理员", "செய்தி", "குழுவில்", "page", "admin",
        "facebook", "tiktok", "whatsapp", "telegram", "twitter", "instagram", "viral", "tular",
        "post", "video", "share", "comment", "komen", "netizen", "online", "screenshot", "rumour",
        "khabar angin", "fake news", "berita palsu", "hoax", "group chat", "fb", "ig",
        "脸书", "群组", "群里", "网上", "视频", "转发", "谣言", "帖子", "留言", "网民", "假新闻", "截图",
        "வாட்ஸ்அப்", "பேஸ்புக்", "வைரல்", "வீடியோ", "போஸ்ட்", "வதந்தி", "குரூப்", "பதிவு", "டிக்டாக்",
        "小红书", "抖音", "面子书", "面书", "推特", "网络", "网路", "社交媒体", "微信", "上传", "发帖", "贴文", "分享", "评论",
        "造谣", "散播", "疯传", "起底", "人肉", "影片", "直播", "网红", "ஃபார்வர்ட்", "பார்வர்ட்", "பதிவிட்",
        "பொய்யான", "ஆடியோ", "ஸ்டேட்டஸ்", "யூடியூப்", "இன்ஸ்டா", "டெலிகிராம்", "சமூக ஊடக", "இணைய",
        "கமெண்ட்", "ஷேர்",
    ),
    "youth": (
        "青少", "逗留", "மாணவ",
        "budak", "remaja", "teenager", "teen", "youth", "rempit", "lumba", "racing", "vandal",
        "conteng", "graffiti", "vape", "lepak", "loiter", "gangster", "geng", "bully", "buli", "青年",
        "年轻人", "少年", "飙车", "涂鸦", "霸凌", "小混混", "学生", "இளைஞர்", "பசங்க", "பையன்கள்",
        "ரேஸ்", "கிறுக்க", "மாணவர்",
        "赛车", "拉前轮", "乱画", "涂写", "喷漆", "破坏公物", "欺负", "欺凌", "取笑", "电子烟", "抽烟", "食烟", "流氓", "私会党",
        "帮派", "中学生", "恶作剧", "இளைஞ", "சிறுவன்", "சிறுவர்", "பந்தயம்", "ரெம்பிட்", "பதின்ம",
        "பள்ளி மாணவ", "கிண்டல்", "boys", "spray", "skateboard", "小孩", "画满", "乱涂", "சிகரெட்",
        "புகைப்பிடி",
    ),
    "crime": (
        "吸毒", "徘徊", "怀疑", "போதைப்", "திருடன்",
        "curi", "stolen", "steal", "theft", "thief", "rompak", "robber", "ragut", "snatch",
        "pecah masuk", "break-in", "break in", "burglar", "dadah", "drug", "syabu", "suspicious",
        "mencurigakan", "penjenayah", "jenayah", "crime", "偷", "贼", "抢", "毒品", "可疑", "闯入",
        "爆窃", "失窃", "盗", "திருட்", "கொள்ளை", "போதை", "சந்தேக",
        "打劫", "抢劫", "劫匪", "匪徒", "持枪", "诈骗", "被骗", "骗子", "骗局", "冒充", "假扮", "陌生人", "陌生男", "形迹", "撬开",
        "撬锁", "撬门", "剪断", "洗黑钱", "上当", "治安", "警惕", "中招", "白粉", "திருட", "காணோம்", "காணாம", "பறிக்",
        "பறிச்", "பறித்", "மோசடி", "ஏமாந்", "ஏமாற", "பின்தொடர்", "அந்நியர்", "நோட்டம்",
        "கள்ளச்சாராய", "புகுந்த", "நுழைஞ்சு", "ஜாக்கிரதை", "கவனமா இருங்க", "வழிப்பறி",
        "broken into", "force open", "forced open", "crowbar", "ah long", "loan shark", "scam",
        "fraud", "penipuan", "pickpocket", "peragut", "stalk", "squatter", "扒手", "கடத்தல்",
        "கடத்து",
    ),
    "migrant": (
        "工人", "宿舍", "雇主", "劳工", "தொழிலாளர்", "மியான்மார்", "கொங்சி", "முதலாளி",
        "pekerja asing", "foreign worker", "warga asing", "bangla", "indonesia", "myanmar",
        "nepal", "rohingya", "kongsi", "permit", "migrant", "immigrant", "imigresen", "外劳", "外籍",
        "外国人", "孟加拉", "印尼", "缅甸", "尼泊尔", "வெளிநாட்டு", "பங்களா", "நேபாள", "மியான்மர்",
        "女佣", "菲佣", "难民", "வெளிநாட்ட", "பணிப்பெண்", "தொழிலாள", "இந்தோனேசிய", "ரோஹிங்கியா", "அகதி",
        "உள்வாடகை", "வங்காளதேச", "foreign", "worker", "hostel", "asrama", "maid", "pembantu rumah",
        "filipino", "pakistani", "vietnam", "refugee", "pelarian", "dormitory",
    ),
    "governance": (
        "大会", "经费", "锁门", "布告", "மண்டப", "நிர்வாக", "agm", "booking",
        "ajk", "committee", "jawatankuasa", "pengerusi", "chairman", "bendahari", "treasurer",
        "setiausaha", "secretary", "mesyuarat", "meeting", "dewan", "hall", "yuran", "fee", "fund",
        "dana", "akaun", "account", "jmb", "strata", "management", "pengurusan", "委员会",
        "主席", "财政", "会议", "礼堂", "基金", "账", "管委会", "管理层", "குழு", "தலைவர்",
        "கூட்டம்", "மண்டபம்", "நிதி", "கணக்கு", "பொருளாளர்",
        "居协", "村委", "管理处", "理事", "罢免", "开会", "会堂", "活动中心", "租借", "押金", "抽签", "内定", "账目", "帐目",
        "管理费", "维修费", "捐款", "使用权", "சங்கம்", "சங்கத்", "கட்டண", "ரசீது", "செலவு", "செயலாளர்",
        "பொதுக்கூட்ட", "association", "persatuan", "budget", "协会", "共管",
    ),
    "politics": (
        "巫统",
        "传单", "தொண்டர்", "ceramah politik",
        "parti", "political party", "politi", "kempen", "campaign", "calon", "candidate", "bendera", "flag",
        "banner", "poster", "undi", "vote", "pilihan raya", "election", "adun", "yb", "umno",
        "dap", "pkr", "bersatu", "mca", "penyokong", "supporter", "政党", "政治", "竞选",
        "候选人", "旗", "投票", "选举", "国阵", "希盟", "国盟", "行动党", "支持者", "கட்சி", "அரசியல்",
        "தேர்தல்", "வேட்பாளர்", "கொடி",
        "某党", "一党", "两党", "各党", "个党", "党的", "他们党", "执政党", "反对党", "党员", "党派", "支部", "助选", "议员", "大选",
        "补选", "拉票", "海报", "造势", "马华", "公正党", "伊党", "பிரச்சார", "பரப்புரை", "வாக்களி", "வாக்காளர்",
        "வாக்குச்சாவடி", "சட்டமன்ற", "நாடாளுமன்ற", "அமைச்சர்", "போஸ்டர்", "பேனர்", "ஆதரவாளர்",
        "party", "rally",
    ),
    "family": (
        "夫妻", "父母", "母亲", "சகோதர", "உறவினர்", "மகன்", "மகள்",
        "suami", "husband", "isteri", "wife", "keluarga", "family", "pusaka", "inheritance",
        "adik-beradik", "sibling", "cerai", "divorce", "menantu", "mertua", "in-law", "丈夫",
        "妻子", "老婆", "老公", "家庭", "遗产", "兄弟", "离婚", "家暴", "婆媳", "கணவன்", "கணவர்",
        "மனைவி", "குடும்ப", "சொத்து", "மாமியார்",
        "婆婆", "媳妇", "儿媳", "儿子", "女儿", "爸妈", "父亲", "兄妹", "姐妹", "叔侄", "孙子", "祖屋", "祖传", "分家", "家事",
        "家务事", "打骂", "虐待", "哭喊", "训斥", "夫妇", "岳家", "娘家", "小姑", "亲戚", "长辈", "புருஷன்", "பொண்டாட்டி",
        "மருமகள்", "மருமகன்", "மாமனார்", "தம்பதி", "விவாகரத்", "உயில்", "அண்ணன்", "தந்தை", "சகோதரி",
        "பேரன்",
    ),
    "event": (
        "hebahan", "dijemput hadir", "dialu-alukan", "sila hadir", "taklimat", "kursus", "bengkel", "pertandingan", "sukaneka", "kenduri", "rumah terbuka", "derma darah", "tahniah", "takziah", "peringatan", "reminder", "notice", "workshop", "briefing", "seminar", "competition", "congratulation", "open house", "blood donation", "all residents", "volunteer", "sukarelawan", "通知", "提醒", "恭喜", "义诊", "捐血", "开放日", "比赛", "志愿", "நினைவூட்டல்", "வாழ்த்து", "போட்டி", "கருத்தரங்கு", "இரத்த தான", "தன்னார்வ",
        "参加", "将于", "பயிற்சி", "கலந்து கொள்",
        "gotong-royong", "gotong royong", "makluman", "notis", "jemputan", "invite", "invitation",
        "terima kasih", "thank", "program", "event", "talk", "sambutan", "celebration", "welcome",
        "dijemput", "pendaftaran", "registration", "通告", "活动", "欢迎", "感谢", "大扫除", "讲座",
        "招募", "报名", "அறிவிப்பு", "நன்றி", "நிகழ்ச்சி", "அழைப்பு", "வரவேற்",
        "谢谢", "多谢", "公告", "培训", "课程", "义卖", "义工", "志工", "免费", "回访", "விழிப்புணர்வு",
    ),
    "violence": (
        "pukul", "beat", "punch", "fight", "gaduh", "parang", "pisau", "knife", "weapon", "senjata",
        "cedera", "injur", "blood", "darah", "serang", "attack", "tumbuk", "tikam", "stab",
        "打人", "打架", "被打", "刀", "受伤", "血", "攻击", "殴", "斗殴", "அடித்த", "அடிச்ச", "சண்டை", "கத்தி", "காயம்", "ரத்தம்",
        "தாக்க",
        "推撞", "扭打", "打伤", "砍人", "骨折", "送院", "铁棒", "木棍", "动手", "推倒", "打起来", "打死", "挥舞", "தாக்கு",
        "தாக்கி", "கைகலப்பு", "மோதல்", "கம்பு", "கல் வீச்", "மருத்துவமனை", "ஆஸ்பத்திரி",
        "கத்திக்குத்து", "ரத்த", "காயமடை",
    ),
    "threat": (
        "ugut", "threat", "bunuh", "kill", "ancam", "intimidat", "warn you", "jaga kau", "威胁",
        "恐吓", "杀", "மிரட்ட", "கொலை", "கொன்னு",
    ),
    "crowd": (
        "crowd", "berkumpul", "gather", "kumpulan", "mob", "rusuhan", "riot", "聚集",
        "一群", "群众", "闹事", "திரண்ட", "கும்பல்",
    ),
    "police": (
        "polis", "police", "report polis", "警察", "报警", "警方", "போலீஸ்", "காவல்",
        "马打", "警员", "警车", "警局", "报案", "警署", "交警", "போலீஸ", "போலிஸ்",
    ),
}  # fmt: skip

_MALAY_PREFIX = r"(?:di|ter|ber|pen|pem|peng|pe|me|mem|men|meng|ke)?"


def trie_pattern(terms: list[str], whole_word_if_short: bool = False) -> str:
    """Return a regex alternation of ``terms`` shaped as a trie.

    Python's ``re`` tries alternatives one by one; sharing prefixes makes one
    pass over the text cheap however many terms there are. Longer terms win
    over their prefixes. With ``whole_word_if_short``, terms of three letters
    or fewer must not be followed by a letter.
    """
    trie: dict[str, Any] = {}
    for term in terms:
        node = trie
        for ch in term:
            node = node.setdefault(ch, {})
        short = whole_word_if_short and len(term.strip()) <= 3
        node["<end>"] = {"(?![a-z])" if short else ""}

    def build(node: dict[str, Any]) -> str:
        alternatives = [
            re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch != "<end>"
        ]
        alternatives += sorted(node.get("<end>", ()))
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    return build(trie)


def _build() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], dict[str, str]]:
    concept_of: dict[str, str] = {}
    latin: list[str] = []
    han: list[str] = []
    tamil: list[str] = []
    for concept, terms in GLOSSARY.items():
        for term in terms:
            concept_of.setdefault(term, concept)
            if term.isascii():
                latin.append(term)
            else:
                (han if _HAN.search(term) else tamil).append(term)
    # The lookahead first: most positions (inside words, other scripts) fail at once.
    latin_re = re.compile(
        rf"(?=[a-z])(?<![a-z])(?!terrace){_MALAY_PREFIX}({trie_pattern(latin, True)})"
    )
    return latin_re, re.compile(trie_pattern(han)), re.compile(trie_pattern(tamil)), concept_of


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_TAMIL = re.compile(r"[\u0b80-\u0bff]")
_LATIN, _HAN_TERMS, _TAMIL_TERMS, _CONCEPT_OF = _build()


def concept_tokens(text: str) -> list[str]:
    """Return the concept tokens (``§noise`` …) found in ``text``, in order.

    Each script's terms are one pattern, run only on a text that holds that
    script (a pattern's cost grows with the distinct first characters of its
    terms at every position it tries).

    Examples
    --------
    >>> concept_tokens("楼上装修很吵")
    ['§renovation', '§noise']
    >>> concept_tokens("Budak rempit conteng dinding surau")
    ['§youth', '§youth', '§youth', '§religion']
    """
    lowered = text.lower()
    found = [(m.start(1), _CONCEPT_OF[m.group(1)]) for m in _LATIN.finditer(lowered)]
    if not lowered.isascii():
        for script, terms in ((_HAN, _HAN_TERMS), (_TAMIL, _TAMIL_TERMS)):
            if script.search(lowered):
                found += [(m.start(), _CONCEPT_OF[m.group()]) for m in terms.finditer(lowered)]
        found.sort()
    return [f"§{concept}" for _, concept in found]
