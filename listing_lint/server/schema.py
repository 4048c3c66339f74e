"""JSON Schemas for the OpenAPI document: the contract's listing record (§1) and finding (§3).

They document the API; validation itself is :class:`~listing_lint.listing.Listing`'s, so that the
service, the CLI and the library accept exactly the same records.
"""

from __future__ import annotations

_STRING = {"type": "string"}
_NUMBER = {"type": "number"}

LISTING = {
    "type": "object",
    "title": "Listing",
    "description": "一条商品记录 (CONTRACT §1)。未知的额外字段会被保留并忽略。",
    "required": ["id"],
    "properties": {
        "id": {"type": "string", "description": "商品 id, 在商品库内唯一"},
        "shop_id": {"type": "string", "description": "店铺 id; 重复铺货在同一店铺内判断"},
        "title": {"type": "string", "description": "商品标题"},
        "detail": {"type": "string", "description": "商品详情 (纯文本, 可含 HTML 标签)"},
        "category": {"type": "string", "description": "类目路径, 用 / 连接, 如 运动户外/轮滑鞋/成人轮滑鞋"},
        "brand": _STRING,
        "attributes": {"type": "object", "additionalProperties": _STRING, "description": "规格参数"},
        "price": {"type": "number", "description": "展示价 (元)"},
        "freight": {"type": "number", "description": "默认运费 (元); 0 即包邮"},
        "freight_regions": {"type": "object", "additionalProperties": _NUMBER, "description": "分地区运费"},
        "virtual": {"type": "boolean", "description": "虚拟商品 (无需发货)"},
        "skus": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": _STRING, "price": _NUMBER, "stock": {"type": "integer"}, "unit": _STRING},
            },
        },
        "images": {"type": "array", "items": _STRING, "description": "主图 URL 或路径"},
        "campaigns": {"type": "array", "items": _STRING, "description": "已正式报名的平台活动, 如 百亿补贴"},
        "lint_ignore": {"type": "array", "items": _STRING, "description": "对该商品不检查的规则 id"},
    },
    "additionalProperties": True,
}

FIX = {
    "type": "object",
    "description": "机器可应用的修改: 把字段原文 [start, end) 替换为 replacement",
    "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}, "replacement": _STRING,
                   "safe": {"type": "boolean"}},
}

FINDING = {
    "type": "object",
    "title": "Finding",
    "description": "一个问题 (CONTRACT §3)。start/end 是字段原文中的字符 (Unicode 码点) 下标。",
    "required": ["listing_id", "rule", "severity", "field", "start", "end", "text", "message"],
    "properties": {
        "listing_id": _STRING,
        "rule": {"type": "string", "description": "规则 id, 如 fake-platform-claim"},
        "code": {"type": "string", "description": "规则代码, 如 LL301"},
        "severity": {"type": "string", "enum": ["error", "warning", "info"]},
        "field": {"type": "string", "description": "title, detail, skus[0].name, freight …"},
        "start": {"type": ["integer", "null"]},
        "end": {"type": ["integer", "null"]},
        "text": {"type": "string", "description": "原文中违规的文字 (value[start:end]) 或违规的值"},
        "message": {"type": "string", "description": "问题与依据 (中文)"},
        "suggestion": {"type": "string", "description": "合规的改写或修改建议"},
        "penalty": {"type": "string", "description": "当前 profile 下可能受到的处罚"},
        "related": {"type": "array", "items": _STRING},
        "fix": FIX,
    },
}

RESULT = {
    "type": "object",
    "properties": {"listing_id": _STRING, "findings": {"type": "array", "items": FINDING}},
}

LINT_REQUEST = {
    "description": "一条商品, 或一批: {\"listings\": [...]} 或 JSON 数组",
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "oneOf": [
                    LISTING,
                    {"type": "object", "required": ["listings"],
                     "properties": {"listings": {"type": "array", "items": LISTING}}},
                    {"type": "array", "items": LISTING},
                ]
            },
            "examples": {
                "one": {"summary": "一条商品",
                        "value": {"id": "1", "title": "百億補貼 纯棉T恤", "price": 59, "freight": 0}},
                "batch": {"summary": "一批商品",
                          "value": {"listings": [{"id": "1", "title": "佰亿补帖 纯棉T恤"},
                                                 {"id": "2", "title": "纯棉短袖T恤男"}]}},
            },
        }
    },
}

ERROR = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "message"],
            "properties": {"status": {"type": "integer"}, "message": _STRING,
                           "field": {"type": "string", "description": "出错的字段, 如 listings[3].price"}},
        }
    },
}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


LINT_RESPONSES = {
    200: _json({"oneOf": [
        {**RESULT, "title": "一条商品的结果", "properties": {**RESULT["properties"], "profile": _STRING}},
        {"type": "object", "title": "一批商品的结果 (顺序同请求)",
         "properties": {"profile": _STRING, "results": {"type": "array", "items": RESULT}}},
    ]}, "检查结果 (有 error 级问题也返回 200)"),
    400: _json(ERROR, "请求体不是合法的 JSON"),
    413: _json(ERROR, "请求体或批量超过上限"),
    422: _json(ERROR, "记录不符合商品格式 (field 指出字段), 或未知 profile"),
}

PROFILE_PARAMETER = {
    "name": "profile", "in": "query", "required": False, "schema": {"type": "string"},
    "description": "douyin (默认) | douyin-service | tiktok-shop",
}
