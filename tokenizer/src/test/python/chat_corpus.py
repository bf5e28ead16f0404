#!/usr/bin/env python3
"""Renders the real chat templates of the test tokenizers (DeepSeek-V3, Qwen3, Llama 3) over more
conversations than the shared fixture templates.json has: tools given as a variable, reasoning_content,
tool-call arguments as objects, multi-step tool use, a final assistant turn, odd whitespace. Variables are
built as Hugging Face transformers builds them for apply_chat_template: the special tokens of
special_tokens_map (those left null absent, AddedToken objects as their content), messages, tools and
documents (None unless given), add_generation_prompt, then the extra keyword arguments. Jinja2 is set up
as in jinja_corpus.py. The output has the layout of templates.json.

usage: python3 chat_corpus.py > ../resources/template/chat-corpus.json
"""
import json
import os
import sys

from jinja_corpus import environment

HERE = os.path.dirname(os.path.abspath(__file__))
TOKENIZERS = os.path.join(HERE, "..", "resources", "tokenizers")
SPECIAL_TOKENS = ("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token",
                  "additional_special_tokens")

WEATHER_TOOL = {"type": "function", "function": {
    "name": "get_weather", "description": "Current weather in a city, \u00b0C",
    "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "City name"},
                                                    "days": {"type": "integer"}}, "required": ["city"]}}}
SEARCH_TOOL = {"type": "function", "function": {"name": "search", "description": "Search the web",
                                                "parameters": {"type": "object", "properties": {"q": {"type": "string"}}}}}

CONVERSATIONS = {
    "tools_single_turn": ([{"role": "user", "content": "Weather in Paris?"}], {"tools": [WEATHER_TOOL, SEARCH_TOOL]}),
    "tools_with_system": ([{"role": "system", "content": "You are helpful."},
                           {"role": "user", "content": "Weather in Paris?"}], {"tools": [WEATHER_TOOL]}),
    "tool_round_trip_object_arguments": ([
        {"role": "user", "content": "Weather in Paris?"},
        {"role": "assistant", "content": "", "tool_calls": [
            {"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Paris", "days": 1}}}]},
        {"role": "tool", "content": "{\"temp_c\": 18}"},
        {"role": "assistant", "content": "It is 18\u00b0C in Paris."},
        {"role": "user", "content": "And Rome?"}], {"tools": [WEATHER_TOOL]}),
    "multi_step_tools_string_arguments": ([
        {"role": "user", "content": "Compare Paris and Rome."},
        {"role": "assistant", "content": "Let me check.", "tool_calls": [
            {"type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}},
            {"type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Rome\"}"}}]},
        {"role": "tool", "content": "{\"temp_c\": 18}"},
        {"role": "tool", "content": "{\"temp_c\": 24}"}], {}),
    "reasoning_content_field": ([
        {"role": "user", "content": "17*3?"},
        {"role": "assistant", "content": "51", "reasoning_content": "17*3 = 51, easy."},
        {"role": "user", "content": "Plus 1?"}], {}),
    "reasoning_in_last_turn": ([
        {"role": "user", "content": "17*3?"},
        {"role": "assistant", "content": "<think>\n\n17*3 = 51\n\n</think>\n\n\n51"}], {}),
    "system_only": ([{"role": "system", "content": "Only a system prompt."}], {}),
    "whitespace_and_specials": ([
        {"role": "system", "content": "\n  padded system  \n"},
        {"role": "user", "content": "  tabs\tand\nnewlines \u00a0 and <|im_start|> or <\uff5cUser\uff5c> typed by a user\n\n"}], {}),
    "long_history": ([{"role": "user" if i % 2 == 0 else "assistant", "content": f"turn {i} \u2014 " + "x" * i}
                      for i in range(9)], {}),
}


def token_text(value):
    if isinstance(value, dict):
        return value.get("content")
    if isinstance(value, list):
        return [token_text(v) for v in value]
    return value


def main():
    env, cases = environment(), []
    for name in ("deepseek-v3", "qwen3", "llama3"):
        with open(os.path.join(TOKENIZERS, name, "tokenizer_config.json"), encoding="utf-8") as f:
            config = json.load(f)
        template = env.from_string(config["chat_template"])
        specials = {k: token_text(config[k]) for k in SPECIAL_TOKENS if config.get(k)}
        thinking = ({}, {"enable_thinking": False}) if "enable_thinking" in config["chat_template"] else ({},)
        for conversation, (messages, extra) in CONVERSATIONS.items():
            for generation_prompt in (True, False):
                for kwargs in thinking:
                    kwargs = dict(extra, **kwargs)
                    case = {"tokenizer": name, "conversation": conversation, "add_generation_prompt": generation_prompt,
                            "kwargs": kwargs, "messages": messages}
                    variables = dict(specials, messages=messages, tools=None, documents=None,
                                     add_generation_prompt=generation_prompt)
                    variables.update(kwargs)
                    try:
                        case["text"] = template.render(**variables)
                    except Exception as e:  # the template refuses this conversation
                        case["error"] = f"{type(e).__name__}: {e}"
                    cases.append(case)
    json.dump({"cases": cases}, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
