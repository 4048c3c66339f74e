import json, random, copy
random.seed(7)
# (key, titles, category, brand, attributes, price, skus, freight, detail)
P = [
 ("tshirt", ["夏季纯棉短袖T恤男 宽松圆领上衣", "纯棉短袖T恤女 夏季宽松百搭打底衫", "男士纯棉圆领T恤 短袖 纯色 透气"], "服饰内衣/男装/T恤", "优衣库", {"材质": "棉100%", "颜色": "白色"}, 59, [("白色 M",59),("白色 L",59),("黑色 XL",59)], 0, "面料为纯棉, 柔软透气。尺码S-XL, 可参考尺码表。"),
 ("dress", ["碎花连衣裙女 夏季 雪纺 中长款", "法式连衣裙 收腰 显瘦 夏"], "服饰内衣/女装/连衣裙", "太平鸟", {"面料": "聚酯纤维100%"}, 199, [("S",199),("M",199),("L",199)], 0, "雪纺面料, 轻盈飘逸, 适合通勤与度假。"),
 ("jeans", ["高腰直筒牛仔裤女 宽松 阔腿", "男士牛仔裤 直筒 弹力 四季款"], "服饰内衣/女装/牛仔裤", "森马", {"材质": "棉98% 氨纶2%"}, 129, [("25",129),("26",129),("27",129),("28",129)], 0, "弹力牛仔面料, 高腰设计。"),
 ("down", ["轻薄羽绒服女 短款 立领 冬季", "男士羽绒服 加厚 连帽 白鸭绒"], "服饰内衣/女装/羽绒服", "波司登", {"面料": "锦纶100%", "填充物": "白鸭绒90%"}, 599, [("黑色 M",599),("黑色 L",599)], 0, "白鸭绒填充, 保暖轻便。"),
 ("sneaker", ["男士运动鞋 透气 跑步鞋 软底", "女款跑鞋 轻便 缓震 运动鞋"], "鞋靴/运动鞋", "李宁", {"鞋面材质": "网布"}, 299, [("40",299),("41",299),("42",299),("43",299)], 0, "网面透气, 缓震中底, 适合日常跑步。"),
 ("rollerskate", ["轮滑鞋 成人 直排轮 初学者", "儿童轮滑鞋 可调节 溜冰鞋 全套"], "运动户外/轮滑/轮滑鞋", "米高", {"鞋面材质": "PU"}, 359, [("S码 31-34",359),("M码 35-38",359)], 0, "可调节尺码, 配铝合金支架, 送护具需另购。"),
 ("backpack", ["双肩包 男 大容量 电脑背包 通勤", "女士双肩包 轻便 防泼水 旅行包"], "箱包/双肩包", "新秀丽", {"材质": "涤纶"}, 259, [("黑色",259),("灰色",259)], 0, "可放15.6英寸电脑, 多隔层收纳。"),
 ("cream", ["保湿面霜 50g 补水 滋润", "修护面霜 敏感肌 舒缓 50g"], "美妆/护肤/面霜", "珀莱雅", {"净含量": "50g"}, 169, [("50g",169)], 0, "质地轻盈, 日夜可用, 开封后12个月内使用。"),
 ("lipstick", ["哑光口红 持久 不易脱色 正红色", "丝绒唇釉 显白 3.5g"], "美妆/彩妆/口红", "完美日记", {"净含量": "3.5g"}, 89, [("正红色",89),("豆沙色",89),("枫叶色",89)], 0, "色泽饱满, 上唇顺滑。"),
 ("shampoo", ["控油洗发水 500ml 清爽 蓬松", "氨基酸洗发露 柔顺 500ml"], "个护家清/洗发护发/洗发水", "海飞丝", {"净含量": "500ml"}, 59, [("500ml",59),("500ml*2瓶",108)], 0, "清爽控油, 温和洁净。"),
 ("tissue", ["抽纸 3层100抽 24包 整箱 原木纸巾", "原木抽纸 家用 实惠装 100抽*24包"], "个护家清/纸品湿巾/抽纸", "维达", {"规格": "100抽*24包"}, 39.9, [("100抽*24包",39.9),("100抽*12包",21.9)], 0, "原生木浆, 3层加厚, 柔韧不易破。"),
 ("detergent", ["洗衣液 3kg 薰衣草香 深层洁净", "除菌洗衣液 3kg 护色 留香"], "个护家清/家庭清洁/洗衣液", "蓝月亮", {"净含量": "3kg"}, 49.9, [("3kg",49.9),("3kg*2瓶",95)], 0, "深层洁净, 低泡易漂。"),
 ("nuts", ["每日坚果 750g 30袋 混合果仁 零食", "坚果大礼包 混合装 750g 30袋"], "食品饮料/休闲零食/坚果", "三只松鼠", {"净含量": "750g", "保质期": "180天"}, 89, [("750g/30袋",89),("375g/15袋",49)], 0, "独立小袋, 科学配比, 保质期180天。"),
 ("rice", ["东北大米 5kg 新米 粳米", "五常大米 10斤 当季新米 真空包装"], "食品饮料/粮油米面/大米", "福临门", {"净含量": "5kg"}, 39.9, [("5kg",39.9),("10kg",75)], 0, "当季新米, 颗粒饱满, 真空包装。"),
 ("oil", ["花生油 5L 压榨 一级", "玉米油 5L 非转基因 压榨"], "食品饮料/粮油米面/食用油", "鲁花", {"净含量": "5L"}, 139, [("5L",139),("1.8L",59)], 0, "物理压榨, 香味浓郁。"),
 ("water", ["饮用天然水 550ml*24瓶 整箱", "矿泉水 550ml*12瓶 家庭装"], "食品饮料/饮料/矿泉水", "农夫山泉", {"净含量": "550ml"}, 29.9, [("550ml*24瓶",29.9),("550ml*12瓶",16.9)], 0, "天然水源, 适合日常饮用。"),
 ("milk", ["纯牛奶 250ml*24盒 整箱 早餐奶", "全脂纯牛奶 250ml*12盒"], "食品饮料/牛奶乳品/纯牛奶", "伊利", {"净含量": "250ml"}, 69, [("250ml*24盒",69),("250ml*12盒",38)], 0, "优质奶源, 每100ml含3.2g蛋白质。"),
 ("apple", ["红富士苹果 5斤 新鲜水果 脆甜", "冰糖心苹果 10斤 一级果 当季"], "生鲜/水果/苹果", "洛川", {"净含量": "5斤/10斤"}, 39.9, [("5斤",39.9),("10斤",69.9)], 0, "产地直发, 坏果包赔。"),
 ("tea", ["西湖龙井 明前 绿茶 250g 罐装", "安溪铁观音 浓香型 250g 礼盒"], "茶/绿茶/龙井", "竹叶青", {"净含量": "250g"}, 299, [("250g",299),("125g",159)], 0, "明前采摘, 手工炒制。"),
 ("baijiu", ["酱香型白酒 53度 500ml 单瓶", "浓香型白酒 52度 500ml*6瓶 整箱"], "酒类/白酒", "郎酒", {"净含量": "500ml"}, 268, [("500ml",268),("500ml*6瓶",1499)], 0, "纯粮固态发酵, 未成年人请勿饮酒。"),
 ("diaper", ["婴儿纸尿裤 L码 58片 透气", "拉拉裤 XL 42片 超薄"], "母婴/尿裤湿巾/纸尿裤", "帮宝适", {"规格": "L码58片/XL码42片"}, 129, [("L 58片",129),("XL 42片",129)], 0, "超薄透气, 干爽不闷。"),
 ("kidtee", ["儿童纯棉T恤 男童 夏季短袖", "女童连衣裙 夏装 纯棉"], "母婴/童装/T恤", "巴拉巴拉", {"材质": "棉100%"}, 69, [("110",69),("120",69),("130",69)], 0, "A类婴幼儿标准, 亲肤纯棉。"),
 ("blocks", ["拼装积木 儿童益智玩具 500块", "大颗粒积木 宝宝早教 120粒"], "玩具乐器/积木", "布鲁可", {"适用年龄": "3岁以上"}, 159, [("500块",159),("1000块",279)], 0, "环保ABS材质, 边角圆润。"),
 ("catfood", ["全价猫粮 成猫 2kg 鸡肉味", "幼猫猫粮 2kg 营养"], "宠物用品/宠物食品/猫粮", "麦富迪", {"净含量": "2kg"}, 89, [("2kg",89),("4kg",169)], 0, "高蛋白配方, 适口性好。"),
 ("phone", ["Apple iPhone 15 128G 5G手机 全网通", "Apple iPhone 15 黑色 128G 双卡双待", "苹果 iPhone 15 5G手机 全网通"], "手机/手机", "Apple", {"型号": "iPhone 15"}, 5999, [("128G 黑色",5999),("256G 黑色",6999),("512G 黑色",8999)], 0, "国行正品, 全国联保一年。"),
 ("case", ["适用于iPhone15手机壳 透明 防摔 全包", "适用华为Mate60手机壳 液态硅胶 保护套"], "3C数码配件/手机壳", "酷乐家", {"材质": "TPU"}, 19.9, [("透明",19.9),("磨砂黑",19.9)], 0, "精准开孔, 四角气囊防摔。"),
 ("charger", ["氮化镓充电器 65W 快充头 多口", "20W快充头 PD充电器 适用苹果"], "3C数码配件/充电器", "绿联", {"功率": "65W"}, 129, [("65W 白色",129),("65W+数据线",149)], 0, "多口同充, 智能分配功率。"),
 ("earbuds", ["蓝牙耳机 无线 降噪 入耳式 长续航", "真无线蓝牙耳机 运动 防水"], "数码/影音/蓝牙耳机", "漫步者", {"型号": "W200T"}, 199, [("黑色",199),("白色",199)], 0, "蓝牙5.3, 续航30小时。"),
 ("laptop", ["轻薄笔记本电脑 14英寸 16G 512G 办公", "游戏本 16英寸 RTX4060 笔记本电脑"], "电脑办公/笔记本电脑", "联想", {"型号": "小新Pro14"}, 4999, [("16G+512G",4999),("32G+1T",6299)], 0, "高色域屏幕, 正品联保。"),
 ("mouse", ["无线鼠标 静音 办公 便携", "机械键盘 青轴 有线 104键"], "电脑办公/鼠标", "罗技", {"型号": "M330"}, 99, [("黑色",99),("灰色",99)], 0, "静音按键, 即插即用。"),
 ("pen", ["中性笔 0.5mm 黑色 办公 学生 12支", "刷题笔 速干 0.5 黑笔 考试"], "文具/书写工具/中性笔", "晨光", {"笔尖": "0.5mm"}, 12.9, [("12支",12.9),("24支",22.9)], 0, "书写顺滑, 速干不晕染。"),
 ("fridge", ["双开门冰箱 家用 一级能效 风冷无霜 470升", "十字门冰箱 变频 风冷 500升"], "家用电器/大家电/冰箱", "海尔", {"型号": "BCD-470WDPG"}, 3299, [("星蕴银",3299)], 0, "一级能效, 风冷无霜, 送货入户。"),
 ("ricecooker", ["电饭煲 家用 4L 智能预约 多功能", "迷你电饭锅 3L 宿舍 小型"], "家用电器/厨房电器/电饭煲", "美的", {"型号": "MB-FB40E511"}, 299, [("4L",299),("3L",249)], 0, "24小时预约, 不粘内胆。"),
 ("fan", ["落地扇 家用 静音 遥控 循环扇", "台式风扇 小型 USB 桌面"], "家用电器/生活电器/电风扇", "艾美特", {"型号": "FSW65R"}, 199, [("遥控款",199),("机械款",159)], 0, "三档风速, 静音运行。"),
 ("cup", ["保温杯 316不锈钢 500ml 大容量", "不锈钢保温杯 500ml 户外 便携"], "家居日用/水具/保温杯", "膳魔师", {"材质": "316不锈钢", "容量": "500ml"}, 139, [("500ml 白色",139),("500ml 黑色",139)], 0, "双层真空, 保温12小时。"),
 ("hanger", ["衣架 防滑 无痕 家用 20个装", "收纳箱 塑料 大号 衣物整理箱"], "家居日用/收纳整理/衣架", "太力", {"材质": "塑料"}, 29.9, [("20个装",29.9),("40个装",55)], 0, "浸塑防滑, 不留痕迹。"),
 ("wok", ["不粘锅炒锅 家用 32cm 燃气灶电磁炉通用", "铸铁炒锅 无涂层 老式铁锅"], "厨具/锅具/炒锅", "苏泊尔", {"材质": "铝合金", "直径": "32cm"}, 199, [("32cm 带盖",199),("30cm 带盖",179)], 0, "燃气灶电磁炉通用, 少油烟。"),
 ("bedding", ["纯棉四件套 床单被套 1.8m床 全棉", "夏季冰丝凉席 三件套 1.8m"], "家纺/床上用品/四件套", "罗莱", {"面料": "棉100%"}, 399, [("1.5m床",359),("1.8m床",399)], 0, "全棉面料, 亲肤透气, 不起球。"),
 ("curtain", ["遮光窗帘 卧室 客厅 成品 挂钩式", "北欧窗帘 全遮光 隔热 成品定制"], "家纺/窗帘布艺/窗帘", "水星家纺", {"材质": "涤纶"}, 129, [("宽2米*高2.7米",129),("宽3米*高2.7米",189),("宽4米*高2.7米",249)], 0, "遮光率90%以上, 挂钩安装, 尺寸可定制。"),
 ("sofa", ["布艺沙发 客厅 小户型 三人位 科技布", "真皮沙发 头层牛皮 客厅组合"], "家具/客厅家具/沙发", "顾家家居", {"材质": "科技布"}, 2899, [("三人位",2899),("四人位",3599)], 200, "实木框架, 高回弹海绵, 物流送货上门。"),
 ("bed", ["实木床 1.8米 双人床 主卧 北欧", "软包床 1.5米 现代简约 储物"], "家具/卧室家具/床", "林氏木业", {"材质": "橡胶木"}, 1699, [("1.5米",1599),("1.8米",1699)], 150, "实木框架, 静音稳固。"),
 ("lamp", ["LED吸顶灯 客厅 卧室 简约 圆形", "护眼台灯 学习 书桌 充电"], "家装建材/灯饰照明/吸顶灯", "欧普", {"功率": "48W"}, 199, [("50cm",199),("60cm",259)], 0, "三色调光, 无频闪。"),
 ("tile", ["客厅地砖 800x800 通体大理石瓷砖", "卫生间墙砖 防滑 300x600"], "家装建材/瓷砖", "马可波罗", {"规格": "800x800mm"}, 9.9, [("单片 800x800",9.9)], 80, "通体大理石纹, 耐磨防滑。按片销售, 物流到楼下。"),
 ("treadmill", ["跑步机 家用 折叠 静音 小型", "走步机 家用 平板 免安装"], "运动户外/健身器材/跑步机", "舒华", {"最大承重": "120kg"}, 1299, [("标准款",1299),("彩屏款",1599)], 300, "折叠收纳, 减震跑板, 物流配送。"),
 ("yoga", ["瑜伽垫 加厚 防滑 初学者 10mm", "TPE瑜伽垫 双面 健身垫"], "运动户外/瑜伽/瑜伽垫", "迪卡侬", {"材质": "TPE"}, 79, [("紫色",79),("蓝色",79)], 0, "双面防滑, 回弹好。"),
 ("carmat", ["汽车脚垫 全包围 专车专用", "汽车座垫 四季通用 透气"], "汽车用品/汽车装饰/脚垫", "3M", {"材质": "皮革"}, 299, [("黑色",299),("米色",299)], 0, "专车定制, 防水易清洗。"),
 ("ebike", ["电动自行车 新国标 48V 锂电 代步", "电动车 成人 长续航 小型"], "汽车用品/电动车", "雅迪", {"型号": "DE3"}, 2599, [("48V 24Ah",2599)], 260, "新国标, 可上牌, 物流送货。"),
 ("necklace", ["S925银项链 女 锁骨链 简约", "S925银项链 女 小众设计"], "珠宝饰品/时尚饰品/项链", "周大福", {"材质": "S925银"}, 199, [("40cm",199),("45cm",199)], 0, "附检测证书, 不易氧化。"),
 ("watch", ["机械手表 男 自动 机械表 防水", "石英表 女 简约 钢带"], "钟表眼镜/手表/机械表", "天梭", {"表带材质": "不锈钢"}, 2999, [("黑盘",2999),("白盘",2999)], 0, "50米防水, 蓝宝石镜面。"),
 ("book", ["三体 全集 刘慈欣 科幻小说 正版", "小学生课外阅读书籍 全套10册"], "图书音像/图书/小说", "重庆出版社", {"ISBN": "9787536692930"}, 98, [("全3册",98)], 0, "正版图书, 塑封发货。"),
 ("vitamin", ["维生素C片 100片 咀嚼片", "复合维生素 60粒 成人"], "医药保健/保健食品/维生素", "汤臣倍健", {"规格": "100片"}, 59, [("100片",59),("200片",109)], 0, "蓝帽子保健食品, 不能代替药物。"),
 ("flower", ["红玫瑰花束 11支 同城配送", "向日葵花束 生日 鲜花"], "鲜花园艺/鲜花/花束", "花点时间", {"花材": "红玫瑰"}, 199, [("11支",199),("19支",299)], 0, "当日鲜切, 同城配送。"),
 ("plant", ["绿萝 盆栽 室内 吸甲醛 大盆", "发财树 客厅 大型绿植"], "鲜花园艺/绿植/绿萝", "花木匠", {"规格": "大号带盆"}, 39.9, [("中号",29.9),("大号",39.9)], 0, "带盆发货, 易养护。"),
 ("topup", ["中国移动话费充值 100元 全国通用 快充", "联通话费 50元 充值 自动到账"], "虚拟商品/话费充值", "", {}, 99.5, [("100元",99.5),("50元",49.8)], 0, "虚拟商品, 充值自动到账, 无需物流。"),
 ("vip", ["腾讯视频VIP会员月卡 直充", "爱奇艺黄金会员 年卡 自动充值"], "虚拟商品/会员/视频会员", "", {}, 25, [("月卡",25),("季卡",68),("年卡",238)], 0, "下单后自动充值到账, 虚拟商品不发货。"),
 ("coupon", ["星巴克中杯饮品电子券", "瑞幸咖啡 电子兑换券 全国通用"], "本地生活/餐饮美食卡券", "", {}, 30, [("1张",30),("5张",140)], 0, "电子券码自动发放, 有效期30天。"),
]
def base(p, v):
    key, titles, cat, brand, attrs, price, skus, freight, detail = p
    rec = {"title": titles[v % len(titles)], "detail": detail, "category": cat, "price": price, "freight": freight,
           "images": [f"https://img.example.com/{key}_{v}.jpg"], "attributes": dict(attrs),
           "skus": [{"name": n, "price": pr, "stock": 50} for n, pr in skus]}
    if brand: rec["brand"] = brand
    if cat.startswith(("虚拟商品", "本地生活")): rec["virtual"] = True
    if freight == 0 and not rec.get("virtual") and random.random() < 0.5:
        rec["freight_regions"] = {"新疆": random.choice([10, 15, 20]), "西藏": 20}
    return rec
out = []
n = [0]
def add(rec, expect, tag):
    n[0] += 1
    rec = {"id": f"structure-{tag}-{n[0]:03d}", "shop_id": f"structure-shop-{n[0]:03d}", **rec, "expect": expect}
    out.append(rec)
# clean: each template x3
for p in P:
    for v in range(3):
        rec = base(p, v)
        if v == 2 and not rec.get("virtual") and "包邮" not in rec["title"] and rec["freight"] == 0:
            rec["title"] += " 包邮"
            rec["detail"] += " 全国包邮（新疆、西藏等偏远地区除外）。"
        add(rec, [], "clean")
byk = {p[0]: p for p in P}
def mut(key, v=0):
    return base(byk[key], v)
# freight-abnormal
for key, price, regions, freight in [("tshirt",2,{"江浙沪":53},0),("pen",1.5,{},30),("lipstick",5,{"广东":45},0),("case",3,{"江浙沪":40},0),
        ("tissue",2.9,{},35),("nuts",4.9,{"北京":50},0),("hanger",2,{"全国":38},0),("yoga",6,{},45),("cup",5,{"上海":60},0),("shampoo",3,{},40),("necklace",1,{"江浙沪":30},0),("dress",9.9,{},80)]:
    r = mut(key); r["price"] = price; r["skus"] = [{"name": s["name"], "price": price, "stock": 50} for s in r["skus"]]
    r["freight"] = freight; r["freight_regions"] = regions; add(r, ["freight-abnormal"], "freight")
for key, how in [("topup","f"),("vip","f"),("coupon","d"),("topup","d"),("vip","r"),("coupon","f"),("topup","s"),("vip","d")]:
    r = mut(key, 1)
    if how == "f": r["freight"] = random.choice([5, 8, 10])
    if how == "r": r["freight_regions"] = {"新疆": 10}
    if how == "d": r["detail"] += random.choice([" 此商品需要5元运费。", " 另付运费6元。", " 运费：8元, 拍下后联系发货。", " 需补运费3元。"])
    if how == "s": r["skus"][0]["name"] += " 另付邮费"
    add(r, ["freight-abnormal"], "freight")
# inconsistent-info
inc = []
r = mut("tshirt"); r["title"] += " 包邮"; r["detail"] += " 本商品不包邮，运费自理。"; inc.append(r)
r = mut("jeans"); r["title"] += " 包邮"; r["freight"] = 8; inc.append(r)
r = mut("cup"); r["title"] = "全国包邮 " + r["title"]; r["freight_regions"] = {"江浙沪": 6}; inc.append(r)
r = mut("sneaker"); r["title"] = "耐克 " + r["title"]; inc.append(r)
r = mut("cream"); r["title"] = "兰蔻 " + r["title"]; inc.append(r)
r = mut("phone", 1); r["brand"] = "小米"; r["attributes"] = {"型号": "Mate60 Pro"}; inc.append(r)
r = mut("ricecooker"); r["attributes"]["品牌"] = "九阳"; inc.append(r)
r = mut("tshirt", 1); r["attributes"]["材质"] = "聚酯纤维100%"; inc.append(r)
r = mut("bedding"); r["attributes"]["面料"] = "涤纶"; inc.append(r)
r = mut("bed"); r["title"] = "实木床 1.8米 双人床"; r["attributes"]["材质"] = "密度板"; inc.append(r)
r = mut("necklace"); r["attributes"]["材质"] = "合金"; inc.append(r)
r = mut("shampoo"); r["attributes"]["净含量"] = "250ml"; inc.append(r)
r = mut("rice"); r["title"] = "东北大米 10kg 新米"; r["skus"] = [{"name": "2.5kg", "price": 21}, {"name": "5kg", "price": 39.9}]; r["attributes"]["净含量"] = "5kg"; inc.append(r)
r = mut("oil"); r["attributes"]["净含量"] = "1.8L"; r["skus"] = [{"name": "1.8L", "price": 59}]; inc.append(r)
r = mut("water"); r["title"] = "饮用天然水 380ml*24瓶 整箱"; inc.append(r)
r = mut("catfood"); r["attributes"]["净含量"] = "1.5kg"; inc.append(r)
r = mut("detergent"); r["title"] += " 包邮"; r["detail"] += " 邮费到付。"; inc.append(r)
r = mut("nuts"); r["title"] += " 包邮"; r["freight"] = 6; inc.append(r)
r = mut("laptop"); r["title"] = "戴尔 " + r["title"]; inc.append(r)
r = mut("watch"); r["title"] = "浪琴 " + r["title"]; inc.append(r)
for r in inc: add(r, ["inconsistent-info"], "inconsistent")
# missing-info
mi = []
r = mut("tshirt"); r["title"] = ""; mi.append(r)
r = mut("dress"); del r["title"]; mi.append(r)
r = mut("cup"); r["title"] = "限时特价 爆款 抢购中"; mi.append(r)
r = mut("nuts"); r["title"] = "【今日特价】新款 热卖"; mi.append(r)
r = mut("lamp"); r["title"] = "1号链接 直播间专拍"; mi.append(r)
for key in ["sneaker", "rice", "fan", "book", "plant"]:
    r = mut(key); r["images"] = []; mi.append(r)
for key in ["wok", "milk", "watch", "pen", "charger"]:
    r = mut(key); r["detail"] = random.choice(["", " ", "<p></p>"]); mi.append(r)
for key, drop in [("tshirt", "材质"), ("rice", "净含量"), ("phone", "型号"), ("bedding", "面料"), ("sofa", "材质"), ("shampoo", "净含量"), ("ricecooker", "型号"), ("necklace", "材质")]:
    r = mut(key); r["attributes"].pop(drop, None); r["attributes"]["颜色"] = "白色"; mi.append(r)
for r in mi: add(r, ["missing-info"], "missing")
# category-mismatch
for key, cat in [("rollerskate","手机/手机壳"),("tshirt","食品饮料/休闲零食/坚果"),("sofa","美妆/护肤/面霜"),("rice","服饰内衣/女装/连衣裙"),("earbuds","鞋靴/运动鞋"),
                 ("detergent","数码/影音/耳机"),("catfood","图书音像/图书"),("fridge","服饰内衣/男装/T恤"),("lipstick","汽车用品/汽车装饰"),("yoga","食品饮料/粮油米面/大米"),
                 ("tea","家具/客厅家具/沙发"),("pen","生鲜/水果"),("bedding","手机/手机"),("treadmill","美妆/彩妆/口红"),("apple","电脑办公/鼠标")]:
    r = mut(key); r["category"] = cat; r["attributes"] = {}; r.pop("attributes")
    add(r, ["category-mismatch"], "category")
# sku-price-bait
sk = []
r = mut("phone"); r["skus"] = [{"name":"iPhone 15 128G","price":5999,"stock":20},{"name":"手机壳","price":9.9,"stock":100}]; r["price"] = 9.9; sk.append(r)
r = mut("tshirt"); r["skus"].insert(0, {"name":"客服专拍 拍下不发货","price":0.01,"stock":999}); r["price"] = 0.01; sk.append(r)
r = mut("dress"); r["skus"][0] = {"name":"S","price":0.01,"stock":10}; r["price"] = 0.01; sk.append(r)
r = mut("sneaker"); r["skus"][0] = {"name":"39","price":19.9,"stock":0}; r["price"] = 19.9; sk.append(r)
r = mut("tshirt", 1); r["skus"].append({"name":"拖鞋 42码","price":9.9,"stock":30}); r["price"] = 9.9; sk.append(r)
r = mut("rice"); r["skus"].append({"name":"抽纸 3包","price":5.9,"stock":30}); r["price"] = 5.9; sk.append(r)
r = mut("down"); r["skus"] = [{"name":"白鸭绒款 M","price":599,"stock":10},{"name":"棉服款 M","price":59,"stock":10}]; r["price"] = 59; sk.append(r)
r = mut("fan"); r["skus"].append({"name":"遥控器","price":9.9,"stock":10}); r["price"] = 9.9; sk.append(r)
r = mut("cream"); r["skus"].insert(0, {"name":"补差价专拍","price":1,"stock":99}); r["price"] = 1; sk.append(r)
r = mut("laptop"); r["skus"].append({"name":"电脑包","price":29,"stock":10}); r["price"] = 29; sk.append(r)
r = mut("watch"); r["skus"].append({"name":"表带","price":19,"stock":10}); r["price"] = 19; sk.append(r)
r = mut("necklace"); r["skus"] = [{"name":"银项链 40cm","price":199,"stock":5},{"name":"合金款","price":9.9,"stock":5}]; r["price"] = 9.9; sk.append(r)
r = mut("bedding"); r["skus"].append({"name":"枕套 1只","price":9.9,"stock":10}); r["price"] = 9.9; sk.append(r)
r = mut("earbuds"); r["skus"].append({"name":"充电线","price":5,"stock":10}); r["price"] = 5; sk.append(r)
r = mut("backpack"); r["skus"].append({"name":"黑色 预留 勿拍","price":1,"stock":10}); r["price"] = 1; sk.append(r)
for r in sk: add(r, ["sku-price-bait"], "sku")
# unit-splitting
us = []
r = mut("tissue"); r["skus"].insert(0, {"name":"1张","price":0.01,"unit":"张","stock":999}); r["price"] = 0.01; us.append(r)
r = mut("tissue", 1); r["skus"] = [{"name":"单张","price":0.01,"stock":999},{"name":"100抽*18包","price":35,"stock":99}]; r["price"] = 0.01; us.append(r)
r = mut("curtain"); r["title"] = "遮光窗帘 按厘米计价 卧室"; us.append(r)
r = mut("curtain", 1); r["skus"] = [{"name":"宽度 每厘米","price":0.5,"unit":"厘米","stock":999}]; r["price"] = 0.5; us.append(r)
r = mut("rice"); r["skus"].insert(0, {"name":"1克","price":0.01,"stock":999}); r["price"] = 0.01; us.append(r)
r = mut("rice", 1); r["title"] = "五常大米 0.01元/克 新米"; r["price"] = 0.01; r["skus"] = [{"name":"1克","price":0.01,"stock":999}]; us.append(r)
r = mut("oil"); r["skus"].insert(0, {"name":"10ml","price":0.1,"stock":999}); r["price"] = 0.1; us.append(r)
r = mut("curtain", 2); r["skus"].insert(0, {"name":"1cm","price":0.3,"stock":999}); r["price"] = 0.3; us.append(r)
r = mut("apple"); r["skus"].insert(0, {"name":"50g","price":0.5,"stock":999}); r["price"] = 0.5; us.append(r)
r = mut("tea"); r["skus"].insert(0, {"name":"1g","price":0.9,"stock":999}); r["price"] = 0.9; us.append(r)
for r in us: add(r, ["unit-splitting"], "unit")
for r in out:
    r.setdefault("attributes", {})
    if not r["attributes"]: r.pop("attributes")
with open("/work/main/corpus/labeled/structure.jsonl", "w", encoding="utf-8") as h:
    for r in out: h.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(out), sum(1 for r in out if not r["expect"]))
