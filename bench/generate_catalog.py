"""A generator of realistic listing catalogs, with duplicate ground truth, for benchmarks.

    python bench/generate_catalog.py 1000000 -o catalog.jsonl [--seed 0] [--shops N] [--duplicate-share 0.1]

    from generate_catalog import generate
    for record in generate(10_000, seed=1): ...

Every record fits ../shared/CONTRACT.md §1 (id, shop_id, title of 20–60 characters, detail of 100–400,
category path, brand, attributes, price, freight, images, 1–5 SKUs). Titles are built from product
vocabulary of many categories: brand, selling-point words, the product noun, and the specs that tell goods
apart (model, capacity, size, weight, flavour, colour).

Ground truth rides along in fields the linter ignores:
  ``_dup_group``  a group id shared by listings of ONE shop that are the same goods (重复铺货), else null;
  ``_kind``       how the listing was made: ``single``, ``dup`` (a member of a duplicate group), ``near`` (same
                  shop, same words, but a different model/size/capacity/flavour/colour family: NOT a duplicate),
                  ``template`` (same shop, brand, selling points and specs, another product noun: NOT a
                  duplicate), ``cross`` (a copy of another shop's listing: NOT a duplicate-listing).
Duplicate members are rewordings of one listing: word order changed, a hot word (新款/包邮/爆款 …) added,
punctuation, emoji, traditional script, full width or Latin case changed, a selling point dropped or added.
Within one shop, two listings that are not in one group always differ in brand, product or a spec
(compared by colour family), so the ground truth stays true. A million listings take about 45 s.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path
from typing import Iterator

# -- vocabulary -----------------------------------------------------------------------------------

# Colour names with their family: near-pairs change the family, rewordings keep the name.
COLOURS = [
    ("黑色", "黑"), ("曜石黑", "黑"), ("白色", "白"), ("米白色", "白"), ("象牙白", "白"), ("红色", "红"),
    ("酒红色", "红"), ("蓝色", "蓝"), ("藏青色", "蓝"), ("雾霾蓝", "蓝"), ("粉色", "粉"), ("樱花粉", "粉"),
    ("灰色", "灰"), ("浅灰色", "灰"), ("绿色", "绿"), ("墨绿色", "绿"), ("黄色", "黄"), ("姜黄色", "黄"),
    ("紫色", "紫"), ("香芋紫", "紫"), ("卡其色", "棕"), ("咖啡色", "棕"), ("银色", "银"), ("金色", "金"),
]
COLOUR_FAMILY = dict(COLOURS)
COLOUR_NAMES = [name for name, _ in COLOURS]

PHONE_MODELS = [
    "iPhone 15", "iPhone 15 Pro", "iPhone 15 Pro Max", "iPhone 15 Plus", "iPhone 14", "iPhone 14 Pro",
    "iPhone 14 Pro Max", "iPhone 13", "iPhone 13 mini", "华为Mate60", "华为Mate60 Pro", "华为P60", "华为nova12",
    "小米14", "小米14 Pro", "红米K70", "OPPO Reno11", "OPPO Find X7", "vivo X100", "vivo S18", "荣耀Magic6",
]

# A category: path, brands, product nouns, selling-point words, spec dimensions (attribute name → values;
# the "颜色" dimension uses COLOUR_NAMES), price range, detail sentences.
CATEGORIES = [
    dict(path="女装/连衣裙", brands=["伊芙丽", "太平鸟", "欧时力", "拉夏贝尔", "秋水伊人", "茵曼", "裂帛", "播"],
         products=["连衣裙", "碎花裙", "衬衫裙", "针织连衣裙", "吊带裙", "半身裙", "雪纺衫", "阔腿裤", "针织开衫", "风衣"],
         words=["法式", "复古", "收腰", "显瘦", "气质", "温柔风", "宽松", "高腰", "中长款", "小个子", "通勤", "纯棉", "雪纺",
                "春秋", "夏季", "薄款", "V领", "泡泡袖", "森系", "休闲"],
         dims={"颜色": None, "尺码": ["S码", "M码", "L码", "XL码"]}, price=(59, 399),
         detail=["面料柔软亲肤, 透气舒适, 上身效果自然", "版型经过多次调整, 腰线位置恰到好处", "做工精细, 走线平整, 细节处理到位",
                 "适合日常通勤、约会、出游等多种场合", "建议手洗或轻柔机洗, 不可暴晒", "尺码表仅供参考, 不同测量方法可能有1-3厘米误差"]),
    dict(path="男装/T恤", brands=["海澜之家", "森马", "杰克琼斯", "优衣库", "马克华菲", "太平鸟男装", "GXG", "回力"],
         products=["短袖T恤", "POLO衫", "圆领卫衣", "连帽卫衣", "休闲衬衫", "工装裤", "休闲裤", "运动裤", "夹克", "牛仔裤"],
         words=["纯棉", "宽松", "潮牌", "百搭", "重磅", "休闲", "运动", "青年", "夏季", "春秋款", "加绒", "冰丝", "速干",
                "商务", "简约", "纯色", "印花", "直筒", "男士", "大码"],
         dims={"颜色": None, "尺码": ["M", "L", "XL", "2XL", "3XL"]}, price=(39, 299),
         detail=["精选优质面料, 手感厚实不易变形", "经典版型, 日常百搭不挑人", "领口采用加固工艺, 多次洗涤不松垮",
                 "适合上班、运动、居家等场景穿着", "建议反面清洗, 避免与深色衣物混洗", "平铺测量, 可能存在1-2厘米误差"]),
    dict(path="鞋靴/运动鞋", brands=["李宁", "安踏", "特步", "361度", "鸿星尔克", "回力", "匹克", "乔丹"],
         products=["跑步鞋", "板鞋", "帆布鞋", "老爹鞋", "篮球鞋", "休闲鞋", "徒步鞋", "轮滑鞋", "小白鞋", "网面鞋"],
         words=["透气", "减震", "轻便", "防滑", "耐磨", "软底", "增高", "百搭", "学生", "情侣款", "男女同款", "夏季",
                "网面", "厚底", "休闲", "运动"],
         dims={"颜色": None, "尺码": ["36码", "37码", "38码", "39码", "40码", "41码", "42码", "43码", "44码"]}, price=(79, 599),
         detail=["鞋面采用透气网布, 长时间穿着不闷脚", "中底缓震材料回弹好, 行走轻松", "橡胶大底防滑耐磨, 适应多种路面",
                 "鞋码标准, 脚背较高的朋友建议拍大一码", "鞋盒包装发货, 保护鞋型不变形"]),
    dict(path="手机/手机配件/手机壳", brands=["倍思", "绿联", "图拉斯", "品胜", "ESR亿色", "闪魔", "公牛", "罗马仕"],
         products=["手机壳", "保护套", "钢化膜", "磁吸手机壳", "液态硅胶壳", "防摔壳", "镜头膜", "透明壳"],
         words=["超薄", "防摔", "全包", "磨砂", "透明", "磁吸", "液态硅胶", "气囊", "简约", "高级感", "防指纹", "男女款",
                "镜头全包", "软壳", "新款"],
         dims={"型号": PHONE_MODELS, "颜色": None}, price=(9.9, 89),
         detail=["精准开孔, 按键灵敏, 不影响充电和拍照", "四角气囊设计, 日常跌落更安心", "材质亲肤不粘灰, 手感细腻",
                 "请在下单前确认手机型号, 型号不对无法安装", "支持无线充电, 无需取下保护壳"]),
    dict(path="手机/手机配件/充电器", brands=["倍思", "绿联", "安克", "品胜", "公牛", "小米", "罗马仕", "酷态科"],
         products=["充电器", "充电头", "快充数据线", "充电宝", "移动电源", "无线充电器", "车载充电器"],
         words=["快充", "氮化镓", "双口", "多口", "便携", "小巧", "超级快充", "PD快充", "Type-C", "苹果安卓通用",
                "大容量", "迷你"],
         dims={"功率": ["20W", "30W", "33W", "45W", "65W", "100W", "120W"],
               "容量": ["5000mAh", "10000mAh", "20000mAh", "30000mAh"]}, price=(19, 199),
         detail=["多重安全保护, 过充过压过热自动断电", "兼容主流手机、平板和笔记本", "体积小巧, 出差旅行方便携带",
                 "充电速度以设备实际支持的协议为准", "一年质保, 非人为损坏免费换新"]),
    dict(path="厨房电器/电饭煲", brands=["美的", "苏泊尔", "九阳", "小熊", "格兰仕", "奥克斯", "飞利浦", "松下"],
         products=["电饭煲", "电压力锅", "空气炸锅", "电热水壶", "破壁机", "豆浆机", "电蒸锅", "养生壶", "电火锅"],
         words=["家用", "智能", "多功能", "预约", "不粘内胆", "大容量", "小型", "迷你", "宿舍", "一键", "可视", "无油",
                "家庭装", "2-6人"],
         dims={"容量": ["1.5L", "1.7L", "2L", "3L", "4L", "5L", "6L"], "功率": ["600W", "800W", "1000W", "1200W", "1500W"]},
         price=(69, 699),
         detail=["内胆涂层不粘易清洗, 受热均匀", "多种烹饪模式一键选择, 操作简单", "支持预约定时, 早上起床就能吃上热饭",
                 "请使用符合国家标准的插座, 勿空烧", "全国联保一年, 支持上门维修"]),
    dict(path="食品/坚果炒货", brands=["三只松鼠", "良品铺子", "百草味", "洽洽", "沃隆", "来伊份", "姚生记", "甘源"],
         products=["夏威夷果", "碧根果", "巴旦木", "腰果", "开心果", "瓜子", "花生", "每日坚果", "核桃", "松子"],
         words=["年货", "零食", "办公室", "独立小包装", "大颗粒", "坚果炒货", "休闲零食", "罐装", "袋装", "礼盒装",
                "孕妇可食", "整箱"],
         dims={"口味": ["原味", "盐焗", "奶油味", "蜂蜜味", "椒盐味", "炭烧味", "五香味", "焦糖味"],
               "净含量": ["250g", "500g", "750g", "1kg", "1.5kg", "5斤"]}, price=(19.9, 129),
         detail=["精选大颗粒原料, 颗颗饱满", "低温烘焙工艺, 保留坚果香脆口感", "独立小包装, 随时随地方便食用",
                 "开封后请密封保存, 尽快食用", "生产日期见包装, 保质期9个月"]),
    dict(path="茶/茶叶", brands=["八马", "天福茗茶", "华祥苑", "吴裕泰", "张一元", "大益", "中茶", "竹叶青"],
         products=["绿茶", "红茶", "普洱茶", "龙井茶", "铁观音", "白茶", "茉莉花茶", "大红袍", "碧螺春", "毛尖"],
         words=["明前", "新茶", "浓香型", "清香型", "散装", "礼盒装", "罐装", "口粮茶", "高山", "春茶", "特级", "一级"],
         dims={"净含量": ["50g", "100g", "125g", "250g", "500g"]}, price=(39, 599),
         detail=["产自高山茶园, 云雾滋养, 香气清幽", "传统工艺制作, 条索紧结, 汤色明亮", "建议用85℃左右的水冲泡",
                 "密封避光防潮储存, 远离异味", "送礼自饮两相宜"]),
    dict(path="美妆护肤/面部护理", brands=["珀莱雅", "自然堂", "百雀羚", "欧莱雅", "薇诺娜", "韩束", "相宜本草", "玉泽"],
         products=["洗面奶", "面霜", "精华液", "爽肤水", "乳液", "防晒霜", "面膜", "眼霜", "卸妆水", "隔离霜"],
         words=["补水", "保湿", "清爽", "滋润", "温和", "敏感肌", "男女通用", "学生", "控油", "氨基酸", "水润", "秋冬"],
         dims={"净含量": ["30ml", "50ml", "100ml", "120ml", "150ml", "200ml", "50g", "100g"]}, price=(29, 399),
         detail=["质地轻薄易吸收, 上脸不黏腻", "温和配方, 日常护肤使用", "使用前请先在耳后做皮肤测试",
                 "请放置于阴凉干燥处, 避免阳光直射", "保质期三年, 开封后请在12个月内使用"]),
    dict(path="个人护理/洗发护发", brands=["海飞丝", "清扬", "潘婷", "沙宣", "滋源", "阿道夫", "舒蕾", "霸王"],
         products=["洗发水", "护发素", "沐浴露", "洗护套装", "发膜", "牙膏", "洗手液", "身体乳"],
         words=["去屑", "控油", "蓬松", "柔顺", "清爽", "持久留香", "无硅油", "家庭装", "男士", "女士", "滋养", "温和"],
         dims={"香型": ["玫瑰香", "薄荷香", "柠檬香", "樱花香", "茉莉香", "海洋香"],
               "净含量": ["400ml", "500ml", "750ml", "1L", "1.5L"]}, price=(19.9, 159),
         detail=["丰富泡沫, 轻松冲洗不残留", "香味淡雅持久, 洗后清爽", "适合日常家庭使用",
                 "避免接触眼睛, 如不慎进入请用清水冲洗", "瓶身采用按压设计, 取用方便"]),
    dict(path="家居/床上用品", brands=["罗莱", "水星家纺", "富安娜", "梦洁", "博洋", "南极人", "恒源祥", "北极绒"],
         products=["四件套", "夏凉被", "羽绒被", "乳胶枕", "记忆棉枕", "床垫", "凉席", "床笠", "蚕丝被", "毛毯"],
         words=["纯棉", "全棉", "磨毛", "水洗棉", "ins风", "简约", "宿舍", "加厚", "亲肤", "北欧", "裸睡", "四季通用"],
         dims={"规格": ["1.2m床", "1.5m床", "1.8m床", "2.0m床"], "颜色": None}, price=(59, 899),
         detail=["面料亲肤柔软, 透气不闷热", "高密度织造, 不易起球褪色", "首次使用前建议清洗一次",
                 "机洗请选择柔和模式, 水温不超过30℃", "尺寸为手工测量, 可能存在1-3厘米误差"]),
    dict(path="日用百货/纸品湿巾", brands=["维达", "清风", "心相印", "洁柔", "植护", "得宝", "唯洁雅", "斑布"],
         products=["抽纸", "卷纸", "湿巾", "厨房用纸", "手帕纸", "洗脸巾", "棉柔巾"],
         words=["家用", "整箱", "原生木浆", "柔韧", "加厚", "母婴可用", "实惠装", "家庭装", "无香", "亲肤"],
         dims={"层数": ["3层", "4层", "5层"], "包数": ["6包", "10包", "12包", "18包", "24包", "30包"]}, price=(9.9, 79),
         detail=["原生木浆, 纸质细腻柔韧", "干湿两用不易掉屑", "整箱发货, 家庭囤货更实惠",
                 "请存放于干燥通风处", "每包抽数以实物包装为准"]),
    dict(path="母婴/纸尿裤", brands=["花王", "帮宝适", "好奇", "大王", "尤妮佳", "babycare", "巴拉巴拉", "全棉时代"],
         products=["纸尿裤", "拉拉裤", "婴儿湿巾", "隔尿垫", "婴儿爽身粉", "奶瓶", "婴儿连体衣"],
         words=["超薄", "透气", "干爽", "男女宝宝通用", "新生儿", "夜用", "轻薄", "柔软", "婴儿", "宝宝"],
         dims={"尺码": ["NB码", "S码", "M码", "L码", "XL码", "XXL码"], "片数": ["36片", "48片", "60片", "72片", "96片"]},
         price=(49, 299),
         detail=["表层柔软亲肤, 呵护宝宝娇嫩肌肤", "瞬吸锁水, 整夜干爽", "弹力腰围, 活动自如不勒肚",
                 "请按宝宝体重选择合适尺码", "存放于阴凉干燥处"]),
    dict(path="数码/耳机音箱", brands=["漫步者", "小米", "华为", "OPPO", "JBL", "索尼", "QCY", "倍思"],
         products=["蓝牙耳机", "头戴式耳机", "降噪耳机", "运动耳机", "蓝牙音箱", "有线耳机", "骨传导耳机", "电竞耳机"],
         words=["无线", "半入耳式", "主动降噪", "长续航", "低延迟", "游戏", "运动", "跑步", "防水", "高音质", "迷你", "便携"],
         dims={"型号": ["Air2", "Air3", "Pro2", "Pro3", "X1", "X2", "T10", "T20", "Neo", "Lite"], "颜色": None},
         price=(49, 999),
         detail=["蓝牙5.3稳定连接, 开盖即连", "单次续航约6小时, 配合充电仓更持久", "人体工学设计, 久戴不累耳",
                 "支持通话降噪, 通话清晰", "一年质保, 非人为损坏免费换新"]),
    dict(path="家用电器/生活电器", brands=["美的", "格力", "艾美特", "小米", "戴森", "飞利浦", "先锋", "亚都"],
         products=["电风扇", "加湿器", "吸尘器", "扫地机器人", "电暖器", "除湿机", "空气净化器", "挂烫机", "取暖器"],
         words=["家用", "静音", "落地", "台式", "遥控", "大雾量", "卧室", "办公室", "节能", "智能", "小型", "宿舍"],
         dims={"容量": ["2L", "3L", "4L", "5L", "6L"], "功率": ["45W", "60W", "800W", "1200W", "2000W"]}, price=(59, 1999),
         detail=["低噪运行, 夜间使用不打扰", "多档调节, 满足不同需求", "机身小巧不占地方",
                 "使用前请仔细阅读说明书", "全国联保, 售后无忧"]),
    dict(path="运动户外/健身器材", brands=["Keep", "迪卡侬", "李宁", "安踏", "小米", "舒华", "佳宁", "奥义"],
         products=["瑜伽垫", "哑铃", "跳绳", "弹力带", "健腹轮", "瑜伽球", "壶铃", "拉力器", "筋膜枪"],
         words=["家用", "防滑", "加厚", "加宽", "初学者", "男士", "女士", "健身", "专业", "静音", "可调节", "便携"],
         dims={"厚度": ["4mm", "6mm", "8mm", "10mm", "15mm"], "重量": ["2kg", "5kg", "10kg", "15kg", "20kg"], "颜色": None},
         price=(19, 499),
         detail=["材质环保无异味, 回弹性好", "表面防滑纹理, 运动更稳", "适合居家健身、瑜伽、拉伸",
                 "使用后请擦拭干净, 避免暴晒", "附赠收纳绑带, 方便携带"]),
    dict(path="宠物/猫狗粮", brands=["皇家", "渴望", "麦富迪", "比瑞吉", "伯纳天纯", "网易严选", "疯狂小狗", "诺瑞"],
         products=["猫粮", "狗粮", "猫砂", "冻干", "猫条", "宠物罐头", "狗零食", "幼猫粮"],
         words=["成猫", "幼猫", "全价", "无谷", "天然粮", "营养", "增肥", "发腮", "泰迪", "金毛", "小型犬", "通用型"],
         dims={"口味": ["鸡肉味", "牛肉味", "三文鱼味", "金枪鱼味", "鸭肉味", "羊肉味"],
               "净含量": ["500g", "1.5kg", "2kg", "2.5kg", "5kg", "10kg"]}, price=(19.9, 399),
         detail=["高蛋白配方, 营养均衡", "适口性好, 挑食的毛孩子也爱吃", "换粮请循序渐进, 7天完成过渡",
                 "开封后请密封保存, 放置阴凉处", "生产日期为近三个月"]),
    dict(path="箱包/旅行箱包", brands=["新秀丽", "外交官", "爱华仕", "卡拉羊", "小米", "不莱玫", "美旅", "POLO"],
         products=["行李箱", "拉杆箱", "双肩包", "登机箱", "旅行包", "斜挎包", "电脑包", "收纳包"],
         words=["大容量", "静音万向轮", "密码锁", "学生", "男女", "结实耐用", "轻便", "防水", "商务", "铝框", "拉链款"],
         dims={"尺寸": ["18寸", "20寸", "22寸", "24寸", "26寸", "28寸"], "颜色": None}, price=(69, 1299),
         detail=["箱体耐压抗摔, 保护行李安全", "静音万向轮, 推行顺滑", "内部分区收纳, 井井有条",
                 "尺寸为手工测量, 误差1-2厘米属正常", "一年质保, 轮子拉杆免费维修"]),
    dict(path="厨具/杯壶锅具", brands=["膳魔师", "象印", "虎牌", "苏泊尔", "哈尔斯", "富光", "乐扣乐扣", "双立人"],
         products=["保温杯", "不粘锅", "炒锅", "汤锅", "保温壶", "菜刀", "砧板", "焖烧杯", "水杯"],
         words=["316不锈钢", "大容量", "便携", "学生", "男女", "家用", "燃气灶适用", "电磁炉通用", "少油烟", "高颜值", "防漏"],
         dims={"容量": ["350ml", "500ml", "750ml", "1000ml", "1.5L"],
               "尺寸": ["20cm", "24cm", "26cm", "28cm", "30cm", "32cm"],
               "颜色": None}, price=(29, 599),
         detail=["内胆采用食品级不锈钢, 健康安心", "保温效果好, 长时间锁住温度", "杯盖密封防漏, 放包里也放心",
                 "首次使用前请用温水清洗", "请勿用于盛装碳酸饮料"]),
    dict(path="生鲜/水果", brands=["佳沃", "褚橙", "百果园", "京鲜生", "洛川", "赣南", "阿克苏", "烟台"],
         products=["苹果", "橙子", "猕猴桃", "车厘子", "芒果", "香蕉", "葡萄", "石榴", "柚子", "丑橘"],
         words=["新鲜", "当季", "现摘", "产地直发", "脆甜", "多汁", "整箱", "孕妇水果", "时令", "坏果包赔", "礼盒"],
         dims={"规格": ["大果", "中果", "小果", "特大果"], "净含量": ["3斤", "5斤", "8斤", "9斤", "10斤"]},
         price=(19.9, 199),
         detail=["产地直发, 新鲜采摘", "果径均匀, 口感脆甜多汁", "收到后请尽快开箱检查, 坏果拍照联系在线客服",
                 "冷藏保存风味更佳", "偏远地区不发货"]),
    dict(path="粮油调味/米面粮油", brands=["金龙鱼", "福临门", "鲁花", "五常", "十月稻田", "柴火大院", "中粮", "太粮"],
         products=["大米", "东北大米", "长粒香米", "花生油", "食用油", "菜籽油", "玉米油", "挂面", "面粉"],
         words=["新米", "五常", "稻花香", "家用", "一级", "压榨", "非转基因", "真空包装", "当季", "粮油"],
         dims={"净含量": ["2.5kg", "5kg", "10kg", "1.8L", "5L", "4L"]}, price=(29, 199),
         detail=["当季新米, 颗粒饱满", "煮饭香软, 米香浓郁", "真空包装, 防潮防虫",
                 "请存放于阴凉干燥处", "执行标准见包装"]),
    dict(path="汽车用品/车载用品", brands=["途虎", "卡饰社", "尼罗河", "倍思", "绿联", "70迈", "小米", "360"],
         products=["车载手机支架", "汽车脚垫", "行车记录仪", "座椅靠垫", "车载香薰", "方向盘套", "遮阳挡", "车载吸尘器"],
         words=["通用", "出风口", "吸盘式", "全包围", "高清", "夜视", "四季通用", "耐磨", "防滑", "无线", "迷你"],
         dims={"型号": ["M300", "A800", "X2", "X5", "S10", "T1", "Pro"], "颜色": None}, price=(29, 699),
         detail=["安装简单, 几分钟即可完成", "适配绝大多数车型", "材质耐高温, 不变形",
                 "下单前请确认车型, 有疑问可咨询在线客服", "一年质保"]),
    dict(path="文具/书写工具", brands=["晨光", "得力", "百乐", "斑马", "国誉", "齐心", "真彩", "uni三菱"],
         products=["中性笔", "笔记本", "活页本", "荧光笔", "铅笔", "钢笔", "便利贴", "文件夹"],
         words=["学生", "办公", "考试", "顺滑", "速干", "简约", "大容量", "加厚", "按动", "黑色笔芯", "ins风"],
         dims={"规格": ["0.38mm", "0.5mm", "0.7mm"], "纸张": ["A4", "A5", "B5", "16K"],
               "数量": ["10支", "12支", "20支", "36支", "5本", "10本"]},
         price=(6.9, 89),
         detail=["书写顺滑不断墨", "笔杆握感舒适, 长时间书写不累手", "适合学生考试、办公记录",
                 "请勿高温存放", "数量以页面规格为准"]),
]

HOT_PREFIXES = ["新款", "2024新款", "爆款", "热卖", "现货", "包邮", "特价", "新品", "现货速发", "清仓", "正品", "年货节", "当季热卖"]
HOT_WRAPPED = ["【新款】", "【包邮】", "【爆款】", "【现货】", "【热卖】", "[新品]", "【特价】", "【正品】"]
EMOJI = ["🔥", "✨", "💥", "⭐", "👍", "🎁"]
SEPARATORS = [" ", " ", " ", "", "/", "|", "-", "·", "，"]

GENERIC_DETAIL = [
    "下单后48小时内发货, 请保持电话畅通", "支持7天无理由退换货(不影响二次销售)", "图片为实物拍摄, 因光线和显示器不同可能略有色差",
    "如有任何问题请通过平台在线客服沟通", "收到商品请先检查, 满意请给五星好评", "我们坚持品质第一, 每件商品出库前都会检查",
    "产品参数请以详情页规格表为准", "节假日期间发货时间可能顺延",
]

# Words that state a spec (a number, a colour, a style cut, a size, a flavour or scent, who it is for): rewordings
# keep them.
SPEC_LIKE = re.compile(r"[0-9色款码号味香男女童婴孕]|幼猫|成猫|成人|新生儿")


def _join(sep: str, parts: list[str]) -> str:
    """Parts joined by ``sep``; with no separator, a space still keeps two Latin/digit runs apart
    (B5 10支, not B510支)."""
    if sep:
        return sep.join(parts)
    out = parts[0] if parts else ""
    for part in parts[1:]:
        if out and part and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


SHOP_WORDS = ["旗舰店", "专营店", "官方店", "小店", "优选", "严选好物", "生活馆", "家居馆", "数码店", "食品店"]


def _s2t_table() -> dict[int, str]:
    """Simplified → traditional characters (OpenCC's table, first choice), for script-changed rewordings."""
    try:
        import opencc
    except ImportError:
        return {}
    path = Path(opencc.__file__).parent / "dictionary" / "STCharacters.txt"
    table = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            key, _, targets = line.rstrip("\n").partition("\t")
            if len(key) == 1 and targets:
                first = targets.split(" ")[0]
                if len(first) == 1 and first != key:
                    table[ord(key)] = first
    return table


_FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}
_FULL_WIDTH[0x20] = 0x3000


class _Maker:
    def __init__(self, rng: random.Random, shops: int):
        self.rng = rng
        self.shops = shops
        self.s2t = _s2t_table()
        self.taken: set[int] = set()  # hash of (shop, key) already listed: keeps the ground truth true
        self.group_count = 0
        self.shop_categories: dict[int, list[int]] = {}

    # -- one product ------------------------------------------------------------------------------

    def shop_of(self) -> int:
        # A few large shops, many small ones.
        return int(self.shops * self.rng.random() ** 1.4)

    def categories_of(self, shop: int) -> list[int]:
        cats = self.shop_categories.get(shop)
        if cats is None:
            local = random.Random(shop * 7919 + 17)
            cats = local.sample(range(len(CATEGORIES)), local.choice((1, 2, 2, 3, 4)))
            self.shop_categories[shop] = cats
        return cats

    def product(self, shop: int) -> dict | None:
        """A new product of ``shop`` whose key (brand, noun, specs by colour family) the shop doesn't list yet."""
        rng = self.rng
        for _ in range(8):
            cat_index = rng.choice(self.categories_of(shop))
            cat = CATEGORIES[cat_index]
            specs = {}
            for name, values in cat["dims"].items():
                if values is None:
                    if rng.random() < 0.8:
                        specs[name] = rng.choice(COLOUR_NAMES)
                elif rng.random() < 0.85:
                    specs[name] = rng.choice(values)
            brand_pool = cat["brands"]
            brand = brand_pool[(shop + rng.randrange(3)) % len(brand_pool)]
            noun = rng.choice(cat["products"])
            key = self.key(shop, cat_index, brand, noun, specs)
            if key in self.taken:
                continue
            self.taken.add(key)
            product = dict(cat=cat_index, brand=brand, noun=noun, specs=specs, words=[],
                           brand_in_title=rng.random() < 0.8, price=round(rng.uniform(*cat["price"]), 1))
            # Two to six selling points, more while the title is short, as merchants fill titles.
            pool = rng.sample(cat["words"], 6)
            target = rng.randint(22, 50)
            product["words"] = [pool.pop(), pool.pop()]
            while pool and len(" ".join(self.title_parts(product))) < target:
                product["words"].append(pool.pop())
            while len(" ".join(self.title_parts(product))) > 58 and product["words"]:
                product["words"].pop()
            return product
        return None

    @staticmethod
    def key(shop: int, cat: int, brand: str, noun: str, specs: dict) -> int:
        return hash((shop, cat, brand, noun,
                     tuple(sorted((k, COLOUR_FAMILY.get(v, v)) for k, v in specs.items()))))

    def vary(self, shop: int, product: dict) -> dict | None:
        """The same product with one spec changed (another model, size, flavour, colour family): not a duplicate."""
        rng = self.rng
        cat = CATEGORIES[product["cat"]]
        names = list(product["specs"])
        rng.shuffle(names)
        for name in names:
            values = cat["dims"][name]
            current = product["specs"].get(name)
            if values is None:
                family = COLOUR_FAMILY.get(current)
                choices = [c for c in COLOUR_NAMES if COLOUR_FAMILY[c] != family]
            else:
                choices = [v for v in values if v != current]
            if not choices:
                continue
            specs = dict(product["specs"])
            specs[name] = rng.choice(choices)
            key = self.key(shop, product["cat"], product["brand"], product["noun"], specs)
            if key in self.taken:
                continue
            self.taken.add(key)
            return {**product, "specs": specs, "price": round(product["price"] * rng.uniform(0.8, 1.5), 1)}
        return None

    # -- text -------------------------------------------------------------------------------------

    def title_parts(self, product: dict) -> list[str]:
        """Title chunks in the merchant's order: brand, selling points, product noun, specs."""
        parts = []
        if product["brand_in_title"]:
            parts.append(product["brand"])
        words = product["words"]
        split = len(words) // 2
        parts.extend(words[:split])
        parts.append(product["noun"])
        parts.extend(words[split:])
        parts.extend(product["specs"].values())
        return parts

    def render(self, parts: list[str]) -> str:
        rng = self.rng
        sep = rng.choice(SEPARATORS[:4]) if rng.random() < 0.7 else " "
        return self._fit(_join(sep, parts))

    def reword(self, parts: list[str], product: dict) -> str:
        """A rewording of the same goods: order, hot words, punctuation, script, width, case, a filler dropped."""
        rng = self.rng
        parts = list(parts)
        ops = rng.sample(("order", "hot", "punct", "script", "width", "case", "drop", "add", "order", "hot"),
                         rng.randint(1, 3))
        if "drop" in ops and "add" in ops:  # words are added or dropped, not swapped for others
            ops.remove(rng.choice(("drop", "add")))
        if "order" in ops and len(parts) > 2:
            i = rng.randrange(len(parts))
            chunk = parts.pop(i)
            parts.insert(rng.randrange(len(parts) + 1), chunk)
        if "drop" in ops:
            # A rewording may drop a selling point, never one that states a spec (a number, colour, size, flavour).
            fillers = [p for p in parts if p in product["words"] and not SPEC_LIKE.search(p)]
            if len(fillers) > 1:
                parts.remove(rng.choice(fillers))
        if "add" in ops:
            # A selling point the first listing did not name (never a spec).
            extra = [w for w in CATEGORIES[product["cat"]]["words"] if w not in parts and not SPEC_LIKE.search(w)]
            if extra:
                parts.insert(rng.randrange(len(parts) + 1), rng.choice(extra))
        hot = None
        if "hot" in ops:
            hot = rng.choice(HOT_WRAPPED) if rng.random() < 0.5 else rng.choice(HOT_PREFIXES)
            if rng.random() < 0.7:
                parts.insert(0, hot)
            else:
                parts.append(hot)
        if "punct" in ops:
            sep = rng.choice(SEPARATORS)
            title = _join(sep, parts)
            if rng.random() < 0.4:
                title = rng.choice(EMOJI) + title
            if rng.random() < 0.3:
                title = title + rng.choice(EMOJI)
        else:
            title = " ".join(parts) if rng.random() < 0.6 else _join("", parts)
        if "script" in ops and self.s2t:
            title = title.translate(self.s2t)
        if "width" in ops:
            title = title.translate(_FULL_WIDTH)
        if "case" in ops:
            title = title.upper() if rng.random() < 0.5 else title.lower()
        while len(title) > 60 and len(parts) > 3:
            # Too long: drop a selling point (never a spec or the noun).
            fillers = [p for p in parts if p in product["words"] or p == hot]
            if not fillers:
                break
            parts.remove(fillers[-1])
            title = " ".join(parts)
        return self._fit(title)

    @staticmethod
    def _fit(title: str) -> str:
        """Titles of 20–60 characters: short ones get a plain tail (the same tail for every wording)."""
        if len(title) < 20:
            title = title + " " + GENERIC_TITLE_TAIL
        return title[:60]

    def detail(self, product: dict) -> str:
        rng = self.rng
        cat = CATEGORIES[product["cat"]]
        specs = "，".join(f"{k}: {v}" for k, v in product["specs"].items())
        head = f"{product['brand']}{product['noun']}" + (f"，{specs}" if specs else "") + "。"
        sentences = rng.sample(cat["detail"], min(len(cat["detail"]), rng.randint(2, 5)))
        sentences += rng.sample(GENERIC_DETAIL, rng.randint(1, 4))
        text = head + "。".join(sentences) + "。"
        while len(text) < 100:
            text += rng.choice(GENERIC_DETAIL) + "。"
        return text[:400]

    def record(self, shop: int, product: dict, title: str, kind: str, group: str | None,
               detail: str | None = None) -> dict:
        rng = self.rng
        cat = CATEGORIES[product["cat"]]
        price = product["price"]
        skus = []
        sku_count = rng.randint(1, 5)
        spec_text = " ".join(product["specs"].values()) or "标准款"
        for i in range(sku_count):
            extra = ["", " 单件装", " 两件装", " 礼盒装", " 家庭装"][i]
            skus.append({"name": (spec_text + extra).strip(), "price": round(price * (1 + 0.8 * i), 1),
                         "stock": rng.randrange(0, 2000)})
        free = "包邮" in title or rng.random() < 0.7
        return {
            "id": "",
            "shop_id": f"S{shop:06d}",
            "title": title,
            "detail": detail or self.detail(product),
            "category": cat["path"] + "/" + product["noun"],
            "brand": product["brand"],
            "attributes": {"品牌": product["brand"], **product["specs"]},
            "price": price,
            "freight": 0.0 if free else float(rng.choice((5, 6, 8, 10))),
            "images": [f"https://img.example.com/{shop}/{rng.getrandbits(40):010x}.jpg"
                       for _ in range(rng.randint(1, 5))],
            "skus": skus,
            "_dup_group": group,
            "_kind": kind,
        }

    # -- units: a single listing, a duplicate group, near-pairs, a cross-shop copy --------------------

    def single(self) -> list[dict]:
        shop = self.shop_of()
        product = self.product(shop)
        if product is None:
            return []
        return [self.record(shop, product, self.render(self.title_parts(product)), "single", None)]

    def group(self, size: int | None = None) -> list[dict]:
        rng = self.rng
        shop = self.shop_of()
        product = self.product(shop)
        if product is None:
            return []
        size = size or rng.choices((2, 3, 4), (0.55, 0.3, 0.15))[0]
        self.group_count += 1
        group = f"g{self.group_count}"
        parts = self.title_parts(product)
        detail = self.detail(product)
        records = [self.record(shop, product, self.render(parts), "dup", group, detail)]
        for _ in range(size - 1):
            copied_detail = detail if rng.random() < 0.6 else None
            records.append(self.record(shop, product, self.reword(parts, product), "dup", group, copied_detail))
        return records

    def near(self) -> list[dict]:
        """A product and 1–2 variants of it differing in one spec; sometimes the product is also duplicated."""
        rng = self.rng
        shop = self.shop_of()
        product = self.product(shop)
        if product is None:
            return []
        parts = self.title_parts(product)
        records = []
        if rng.random() < 0.25:
            self.group_count += 1
            group = f"g{self.group_count}"
            records.append(self.record(shop, product, self.render(parts), "dup", group))
            records.append(self.record(shop, product, self.reword(parts, product), "dup", group))
        else:
            records.append(self.record(shop, product, self.render(parts), "single", None))
        for _ in range(rng.choice((1, 1, 2))):
            variant = self.vary(shop, product)
            if variant is None:
                break
            variant_parts = self.title_parts(variant)
            # Same wording, or even a reworded one: only the spec tells them apart.
            title = self.render(variant_parts) if rng.random() < 0.6 else self.reword(variant_parts, variant)
            records.append(self.record(shop, variant, title, "near", None))
        return records

    def template(self) -> list[dict]:
        """One title template, two or three products: same brand, selling points and specs, another product
        noun (跑步鞋/板鞋, 猫粮/狗粮). Different goods, whose titles differ in a word only."""
        rng = self.rng
        shop = self.shop_of()
        product = self.product(shop)
        if product is None:
            return []
        records = [self.record(shop, product, self.render(self.title_parts(product)), "template", None)]
        nouns = [n for n in CATEGORIES[product["cat"]]["products"]
                 if not set(n) <= set(product["noun"]) and not set(product["noun"]) <= set(n)]
        for noun in rng.sample(nouns, min(len(nouns), rng.choice((1, 1, 2)))):
            key = self.key(shop, product["cat"], product["brand"], noun, product["specs"])
            if key in self.taken:
                continue
            self.taken.add(key)
            other = {**product, "noun": noun}
            records.append(self.record(shop, other, self.render(self.title_parts(other)), "template", None))
        return records

    def cross(self) -> list[dict]:
        """The same goods in two different shops: never a duplicate-listing."""
        shop = self.shop_of()
        product = self.product(shop)
        if product is None:
            return []
        other = (shop + 1 + self.rng.randrange(self.shops - 1)) % self.shops if self.shops > 1 else shop
        other_key = self.key(other, product["cat"], product["brand"], product["noun"], product["specs"])
        if other == shop or other_key in self.taken:
            return [self.record(shop, product, self.render(self.title_parts(product)), "single", None)]
        self.taken.add(other_key)
        parts = self.title_parts(product)
        first = self.record(shop, product, self.render(parts), "cross", None)
        second_title = self.render(parts) if self.rng.random() < 0.5 else self.reword(parts, product)
        second = self.record(other, product, second_title, "cross", None, first["detail"])
        return [first, second]


GENERIC_TITLE_TAIL = "品质保障 售后无忧"


def generate(n: int, seed: int = 0, shops: int | None = None, duplicate_share: float = 0.1,
             near_share: float = 0.1, template_share: float = 0.04, cross_share: float = 0.02) -> Iterator[dict]:
    """``n`` listing records (see the module doc), ids ``L0000001``…, shuffled within windows of ~1000."""
    records = _records(n, seed, shops, duplicate_share, near_share, template_share, cross_share)
    for index, record in enumerate(records, 1):
        record["id"] = f"L{index:07d}"
        yield record


def _records(n: int, seed: int, shops: int | None, duplicate_share: float, near_share: float,
             template_share: float, cross_share: float) -> Iterator[dict]:
    rng = random.Random(seed)
    shops = shops or max(1, n // 200)
    maker = _Maker(rng, shops)
    # Unit weights so that the expected share of listings of each kind comes out as asked.
    single_share = max(0.0, 1.0 - duplicate_share - near_share - template_share - cross_share)
    kinds = (maker.group, maker.near, maker.template, maker.cross, maker.single)
    weights = (duplicate_share / 2.6, near_share / 2.0, template_share / 2.0, cross_share / 2.0, single_share)
    produced = 0
    window: list[dict] = []
    failures = 0
    while produced < n:
        unit = rng.choices(kinds, weights)[0]()
        if not unit:
            failures += 1
            if failures > 1000 + n:
                raise RuntimeError("catalog too dense: too few shops for this many distinct products")
            continue
        if produced + len(unit) > n:
            if len(unit) > 1 and unit[0]["_dup_group"] is not None:
                continue  # don't leave a group with one member at the end
            unit = unit[: n - produced]
        produced += len(unit)
        window.extend(unit)
        if len(window) >= 1000:
            rng.shuffle(window)
            yield from window
            window = []
    rng.shuffle(window)
    yield from window


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of listings")
    parser.add_argument("-o", "--output", default="-", help="output JSONL file (default: stdout)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shops", type=int, default=None, help="number of shops (default: n/200)")
    parser.add_argument("--duplicate-share", type=float, default=0.1, help="share of listings in duplicate groups")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    try:
        buffer = []
        for record in generate(args.n, seed=args.seed, shops=args.shops, duplicate_share=args.duplicate_share):
            buffer.append(dumps(record))
            if len(buffer) >= 10000:
                out.write("\n".join(buffer) + "\n")
                buffer = []
        if buffer:
            out.write("\n".join(buffer) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"{args.n} listings in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
