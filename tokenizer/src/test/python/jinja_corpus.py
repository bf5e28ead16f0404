#!/usr/bin/env python3
"""Renders a corpus of small templates with Python's Jinja2 configured as Hugging Face transformers
configures it for apply_chat_template (immutable sandbox, trim_blocks, lstrip_blocks, loop controls,
tojson = json.dumps without ASCII escaping, raise_exception, strftime_now at a fixed time), and prints
the cases as JSON for the Java engine's parity test.

Each case: {"name", "template", "variables", and one of "text" (the output), "error" (a runtime
refusal: type and message) or "syntax_error" (the template does not parse: message and line)}.

usage: python3 jinja_corpus.py > ../resources/template/jinja-corpus.json
"""
import json
import sys
from datetime import datetime

import jinja2
import jinja2.ext
from jinja2.sandbox import ImmutableSandboxedEnvironment

CONVERSATION = [
    {"role": "system", "content": "  Be brief.\n"},
    {"role": "user", "content": "Hi \U0001F44B \u2014 \u00e7a va? \u4f60\u597d"},
    {"role": "assistant", "content": "<think>\nplan\n</think>\n\nHello!", "reasoning_content": None},
    {"role": "user", "content": "Weather in Paris?"},
    {"role": "assistant", "content": None, "tool_calls": [
        {"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Paris", "days": 2}}}]},
    {"role": "tool", "content": "{\"temp_c\": 18.5}"},
]
TOOLS = [{"type": "function", "function": {
    "name": "get_weather", "description": "Weather \"now\" \u00e0 la ville",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
                   "required": ["city"]}}}]
V = {"messages": CONVERSATION, "tools": TOOLS, "bos_token": "<s>", "eos_token": "</s>",
     "add_generation_prompt": True}

CASES = [
    # --- whitespace control, trim_blocks, lstrip_blocks ---
    ("trim_blocks", "{% if true %}\nA\n{% endif %}\nB\n", {}),
    ("lstrip_blocks", "x\n    {% if true %}\n    y\n    {% endif %}\nz", {}),
    ("lstrip_not_for_variables", "x\n    {{ 'v' }}\n  z", {}),
    ("minus_strips_both_sides", "a  \n\n  {%- if true -%}  \n\n  b  \n  {%- endif -%}\n\n  c", {}),
    ("variable_minus", "a \n {{- 'b' -}} \n c", {}),
    ("plus_keeps_indent", "x\n    {%+ if true %}y{% endif %}", {}),
    ("plus_block_end_keeps_newline", "{% if true +%}\ny{% endif %}", {}),
    ("comment_trimmed", "a\n  {# note #}\nb", {}),
    ("comment_minus", "a  {#- note -#}  b", {}),
    ("trailing_newline_dropped", "text\n", {}),
    ("two_trailing_newlines", "text\n\n", {}),
    ("crlf_normalised", "a\r\n{% if true %}\r\nb\r\n{% endif %}\r\nc", {}),
    ("lstrip_between_tags_same_line", "{% if true %}  {% if true %}x{% endif %}{% endif %}", {}),
    ("lstrip_after_variable", "{{ 'a' }}  {% if true %}x{% endif %}", {}),
    ("tabs_lstripped", "a\n\t\t{% if true %}b{% endif %}", {}),
    ("raw_block", "{% raw %}{{ not evaluated }}{% endraw %}", {}),
    ("raw_block_minus", "a  {%- raw -%}  x  {%- endraw -%}  b", {}),
    ("multiline_tag", "{% if\n true\n and true %}y{% endif %}", {}),
    # --- if / for / loop ---
    ("if_elif_else", "{% for n in [1, 2, 3] %}{% if n == 1 %}one{% elif n == 2 %}two{% else %}many{% endif %},{% endfor %}", {}),
    ("loop_attributes", "{% for x in 'abc' %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}"
     "{{ loop.first }}{{ loop.last }}{{ loop.length }}|{% endfor %}", {}),
    ("loop_prev_next", "{% for x in [1, 2, 3] %}{{ loop.previtem }}-{{ x }}-{{ loop.nextitem }};{% endfor %}", {}),
    ("loop_cycle", "{% for x in range(5) %}{{ loop.cycle('a', 'b') }}{% endfor %}", {}),
    ("loop_else", "{% for x in [] %}{{ x }}{% else %}empty{% endfor %}", {}),
    ("loop_filter", "{% for m in messages if m.role == 'user' %}{{ loop.index }}/{{ loop.length }}:{{ m.content }};{% endfor %}", V),
    ("break_continue", "{% for x in range(10) %}{% if x == 2 %}{% continue %}{% endif %}{% if x == 5 %}{% break %}{% endif %}{{ x }}{% endfor %}", {}),
    ("nested_loops_outer_loop", "{% for a in [1, 2] %}{% set outer = loop %}{% for b in 'xy' %}{{ outer.index }}{{ loop.index }}{{ b }} {% endfor %}{% endfor %}", {}),
    ("for_unpack_items", "{% for k, v in {'a': 1, 'b': [2, 3]}.items() %}{{ k }}={{ v }};{% endfor %}", {}),
    ("for_over_dict", "{% for k in {'z': 1, 'a': 2} %}{{ k }}{% endfor %}", {}),
    ("for_over_string_unicode", "{% for c in 'h\u00e9\U0001F44B' %}[{{ c }}]{% endfor %}", {}),
    ("loop_scope", "{% set x = 'out' %}{% for i in [1, 2] %}[{{ x }}]{% set x = i %}[{{ x }}]{% endfor %}{{ x }}", {}),
    ("loop_scope_undefined_before_set", "{% for i in [1, 2] %}[{{ y }}]{% set y = i %}{% endfor %}[{{ y }}]", {}),
    ("if_does_not_scope", "{% if true %}{% set z = 3 %}{% endif %}{{ z }}", {}),
    # --- set, namespace, macro ---
    ("namespace", "{% set ns = namespace(count=0, names='') %}{% for m in messages %}{% set ns.count = ns.count + 1 %}"
     "{% set ns.names = ns.names ~ m.role[0] %}{% endfor %}{{ ns.count }} {{ ns.names }}", V),
    ("set_block", "{% set greeting %}Hello {{ name }}!{% endset %}[{{ greeting | upper }}]", {"name": "Ann"}),
    ("set_tuple", "{% set a, b = 1, 2 %}{{ a }}{{ b }}", {}),
    ("macro", "{% macro tag(name, body='x') %}<{{ name }}>{{ body }}</{{ name }}>{% endmacro %}{{ tag('a') }}{{ tag('b', body='y') }}{{ tag('c', 'z') }}", {}),
    ("macro_reads_outer_at_call", "{% macro m() %}{{ v }}{% endmacro %}{% set v = 1 %}{{ m() }}{% set v = 2 %}{{ m() }}", {}),
    ("macro_missing_argument", "{% macro m(a, b) %}[{{ a }}][{{ b }}]{% endmacro %}{{ m(1) }}", {}),
    ("macro_in_loop_whitespace", "{%- macro render(m) -%}\n  {{ m.role }}: {{ m.content }}\n{%- endmacro -%}\n{%- for m in messages[:2] %}\n{{ render(m) }}\n{%- endfor %}", V),
    ("namespace_assign_non_namespace", "{% set x = 1 %}{% set x.y = 2 %}", {}),
    # --- expressions ---
    ("arithmetic", "{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 7 / 2 }} {{ 2 ** 10 }} {{ 2 ** 3 ** 2 }} {{ 1.5 + 1 }} {{ -3 }} {{ 10 / 4 * 2 }}", {}),
    ("float_repr", "{{ 0.1 + 0.2 }} {{ 1e20 }} {{ 1e16 }} {{ 1e15 }} {{ 0.0001 }} {{ 0.00001 }} {{ 1/3 }} {{ 2.0 }} {{ 1.5e-7 }} {{ -0.0 }} {{ 123456789.123 }}", {}),
    ("string_concat", "{{ 'a' + 'b' ~ 1 ~ none ~ true }} {{ 'ab' * 3 }}", {}),
    ("comparisons", "{{ 1 < 2 < 3 }} {{ 1 < 3 < 2 }} {{ 'a' < 'b' }} {{ 1 == 1.0 }} {{ true == 1 }} {{ [1, 2] == [1, 2] }} {{ (1, 2) == [1, 2] }} {{ 'x' != 'y' }} {{ 2 >= 2 }}", {}),
    ("in_operator", "{{ 'ell' in 'hello' }} {{ 2 in [1, 2] }} {{ 'a' in {'a': 1} }} {{ 'z' not in 'abc' }} {{ 'x' in undefined_thing }}", {}),
    ("and_or_values", "{{ 0 or 'fallback' }} {{ 'a' and 'b' }} {{ none or [] }} {{ not none }} {{ not 'x' }}", {}),
    ("inline_if", "{{ 'yes' if true else 'no' }} {{ 'yes' if false else 'no' }} [{{ 'yes' if false }}]", {}),
    ("slicing", "{{ 'hello'[::-1] }} {{ 'hello'[1:3] }} {{ [1, 2, 3, 4][::2] }} {{ [1, 2, 3][-1] }} {{ 'abc'[-2:] }} {{ [1, 2, 3][5:] }} {{ 'h\u00e9\U0001F44Bx'[::-1] }} {{ [1, 2, 3, 4, 5][4:1:-2] }}", {}),
    ("messages_reversed", "{% for m in messages[::-1] %}{{ m.role }},{% endfor %}", V),
    ("index_out_of_range_is_undefined", "[{{ [1][5] }}][{{ messages[10] is defined }}]", V),
    ("attribute_and_item", "{{ messages[0]['role'] }} {{ messages[0].role }} {{ messages.0.role }} {{ tools[0].function.name }}", V),
    ("dict_methods", "{% set d = {'a': 1, 'b': none} %}{{ d.get('a') }} {{ d.get('z', 'dflt') }} {{ d.get('z') }} {{ d.keys() | list }} {{ d.values() | list }} {{ d['get']('a') }}", {}),
    ("literals", "{{ [1, 'two', none, true, 3.5, [], {}] }} {{ {'k': 'v', 'n': [1, (2, 3)]} }} {{ (1,) }} {{ () }} {{ 'it\\'s' }} {{ \"say \\\"hi\\\"\" }}", {}),
    ("string_escapes", "{{ 'tab\\there' }}|{{ 'nl\\nx' }}|{{ '\\u00e9\\x41\\N{BULLET}' }}|{{ 'unknown\\q' }}", {}),
    ("repr_of_strings_in_lists", "{{ ['a\\'b', 'c\"d', 'e\\nf', 'both\\'\"'] }}", {}),
    ("none_attribute_is_undefined", "[{{ none.foo }}][{{ none.foo is defined }}]", {}),
    ("print_none_and_bools", "{{ none }} {{ true }} {{ false }} {{ True }} {{ None }}", {}),
    ("numbers_literals", "{{ 1_000 }} {{ 0x1F }} {{ 0o17 }} {{ 0b101 }} {{ 1.5e3 }} {{ 42 }}", {}),
    # --- tests ---
    ("tests", "{{ x is defined }} {{ y is defined }} {{ none is none }} {{ 'a' is string }} {{ 1 is string }} {{ 1 is number }} "
     "{{ 1.5 is float }} {{ 1 is integer }} {{ true is boolean }} {{ false is false }} {{ true is true }} {{ {} is mapping }} "
     "{{ [] is iterable }} {{ 4 is even }} {{ 3 is odd }} {{ 9 is divisibleby 3 }} {{ 9 is divisibleby(4) }} {{ 'a' is in 'abc' }} "
     "{{ 2 is eq 2 }} {{ y is undefined }} {{ x is not none }} {{ 'abc' is lower }} {{ true is number }}", {"x": 1}),
    # --- string methods ---
    ("string_methods", "{% set s = '  Hello World  ' %}[{{ s.strip() }}][{{ s.lstrip() }}][{{ s.rstrip() }}][{{ s.upper() }}][{{ s.lower() }}]"
     "[{{ 'hello world\\'s x-y'.title() }}][{{ 'ab,cd,,e'.split(',') }}][{{ ' a  b c '.split() }}][{{ 'a b c'.split(' ', 1) }}]"
     "[{{ 'aXbXc'.replace('X', '-') }}][{{ 'aXbXc'.replace('X', '-', 1) }}][{{ 'xxhixx'.strip('x') }}][{{ 'hello'.startswith('he') }}]"
     "[{{ 'hello'.endswith('lo') }}][{{ 'hello'.startswith(('x', 'h')) }}][{{ '--a--'.lstrip('-') }}][{{ '--a--'.rstrip('-') }}]"
     "[{{ 'hello'.capitalize() }}][{{ 'a,b'.rsplit(',', 1) }}][{{ 'hello'.find('l') }}][{{ 'hello'.count('l') }}][{{ '-'.join(['a', 'b']) }}]", {}),
    ("qwen_style_think_split", "{% set c = messages[2].content %}{{ c.split('</think>')[-1].lstrip('\\n') }}|{{ c.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') }}", V),
    ("unicode_whitespace_strip", "[{{ '\\u3000\\xa0 x \\u2003\\n'.strip() }}][{{ '\\u3000x' | trim }}]", {}),
    ("unicode_case", "{{ 'stra\u00dfe'.upper() }} {{ '\u00c9COLE'.lower() }} {{ '\u00e9t\u00e9 ici'.title() }}", {}),
    # --- filters ---
    ("tojson_default", "{{ tools | tojson }}", V),
    ("tojson_indent", "{{ tools[0] | tojson(indent=4) }}", V),
    ("tojson_indent_string_and_sort", "{{ {'b': 1, 'a': [1, 2, {}], 'c': []} | tojson(indent='\\t', sort_keys=true) }}", {}),
    ("tojson_separators", "{{ {'a': [1, 2]} | tojson(separators=(',', ':')) }}", {}),
    ("tojson_ensure_ascii", "{{ 'caf\u00e9 \U0001F44B' | tojson(ensure_ascii=true) }}", {}),
    ("tojson_scalars", "{{ none | tojson }} {{ true | tojson }} {{ 1.0 | tojson }} {{ 'q\"\\\\\\n\\t\\x01\\x7f' | tojson }} {{ 1e20 | tojson }} {{ {1: 'int key', none: 2} | tojson }}", {}),
    ("tojson_message_arguments", "{% for m in messages %}{% if m.tool_calls %}{% for t in m.tool_calls %}{{ t.function.arguments | tojson }}{% endfor %}{% endif %}{% endfor %}", V),
    ("tojson_undefined_raises", "{{ nothing | tojson }}", {}),
    ("trim_length_join", "[{{ '  x  ' | trim }}][{{ 'xxaxx' | trim('x') }}][{{ messages | length }}][{{ 'h\u00e9\U0001F44B' | length }}][{{ [1, 2, 3] | join(', ') }}][{{ messages | join('|', attribute='role') }}][{{ none | trim }}]", V),
    ("first_last", "{{ messages | first | attr_role if false else (messages | first).role }} {{ (messages | last).role }} {{ 'abc' | first }} {{ 'abc' | last }} [{{ [] | first }}]", V),
    ("default_filter", "[{{ missing | default('d') }}][{{ '' | default('d') }}][{{ '' | default('d', true) }}][{{ none | default('d') }}][{{ missing | d('x') }}][{{ missing | default }}]", {}),
    ("case_filters", "{{ 'hello world' | upper }} {{ 'HeLLo' | lower }} {{ 'hello wORLD-foo (bar' | title }} {{ 'hELLO' | capitalize }}", {}),
    ("replace_filter", "{{ 'a-b-c' | replace('-', '+') }} {{ 'a-b-c' | replace('-', '+', 1) }}", {}),
    ("map_select_filters", "{{ messages | map(attribute='role') | list }} {{ messages | selectattr('role', 'equalto', 'user') | map(attribute='content') | join(';') }} "
     "{{ messages | rejectattr('content') | list | length }} {{ [0, 1, 2, none] | select | list }} {{ [1, 2, 3, 4] | reject('odd') | list }} {{ ['a', 'b'] | map('upper') | join }}", V),
    ("list_string_int_float", "{{ 'ab' | list }} {{ 12 | string }} {{ '42' | int + 1 }} {{ '4.7' | int }} {{ 'x' | int }} {{ '2.5' | float }} {{ 3 | float }} {{ -3 | abs }}", {}),
    ("items_filter", "{% for k, v in {'a': 1, 'b': 2} | items %}{{ k }}{{ v }}{% endfor %}{{ missing | items | list }}", {}),
    ("sort_unique_reverse", "{{ [3, 1, 2] | sort }} {{ ['b', 'A', 'c'] | sort }} {{ [3, 1, 2] | sort(reverse=true) }} {{ ['a', 'A', 'b'] | unique | list }} {{ [1, 2, 3] | reverse | list }} {{ 'abc' | reverse }}", {}),
    ("indent_filter", "{{ 'a\\nb\\n\\nc' | indent(2) }}|{{ 'a\\nb' | indent(2, first=true) }}|{{ 'a\\n\\nb' | indent(2, blank=true) }}", {}),
    ("filter_binds_tighter_than_plus", "{{ 'x' + '  y  ' | trim + 'z' }} {{ -1 | abs }} {{ messages | length - 1 }}", V),
    # --- globals ---
    ("range", "{{ range(3) | list }} {{ range(1, 7, 2) | list }} {{ range(3, 0, -1) | list }}", {}),
    ("dict_global", "{{ dict(a=1, b='x') }}", {}),
    ("strftime_now", "{{ strftime_now('%d %b %Y') }} {{ strftime_now('%Y-%m-%d %H:%M:%S') }} {{ strftime_now('%A %B %j') }}", {}),
    ("raise_exception", "{% if messages[0].role != 'user' %}{{ raise_exception('Conversation must start with a user message, got ' + messages[0].role) }}{% endif %}ok", V),
    ("raise_in_macro", "{% macro check(x) %}{% if not x %}{{ raise_exception('empty!') }}{% endif %}{% endmacro %}{{ check('') }}", {}),
    # --- runtime errors ---
    ("none_concat_error", "{{ 'a' + none }}", {}),
    ("undefined_attribute_error", "{{ nothing.attr }}", {}),
    ("undefined_arithmetic_error", "{{ nothing + 1 }}", {}),
    ("not_iterable_in_error", "{{ 'a' in none }}", {}),
    ("string_plus_int_error", "{{ 'a' + 1 }}", {}),
    ("int_plus_string_error", "{{ 1 + 'a' }}", {}),
    ("call_undefined_error", "{{ nothing() }}", {}),
    ("length_of_none_error", "{{ none | length }}", {}),
    ("division_by_zero", "{{ 1 / 0 }}", {}),
    ("unsafe_method", "{% set l = [1] %}{{ l.append(2) }}", {}),
    ("iterate_none", "{% for x in none %}{{ x }}{% endfor %}", {}),
    ("compare_incompatible", "{{ 1 < 'a' }}", {}),
    ("unpack_mismatch", "{% for a, b in [[1, 2, 3]] %}{{ a }}{% endfor %}", {}),
    ("unknown_filter", "{% if false %}{{ x | nosuchfilter }}{% endif %}ok", {}),
    ("unknown_filter_executed", "{{ x | nosuchfilter }}", {}),
    ("unknown_test_executed", "{{ x is nosuchtest }}", {}),
    ("generation_block", "{% for m in messages %}{% if m.role == 'assistant' %}{% generation %}{{ m.content }}{% endgeneration %}{% endif %}{% endfor %}", V),
    # --- more Python semantics ---
    ("undefined_type_tests", "{{ x is sequence }} {{ x is callable }} {{ x is iterable }} {{ x is mapping }} {{ x is string }}", {}),
    ("tuple_slice_and_index", "{{ (1, 2, 3)[1:] }} {{ (1, 2, 3)[0] }} {{ (1,) + (2,) }} {{ [1] + [2] }}", {}),
    ("namespace_through_macro", "{% set ns = namespace(n=0) %}{% macro bump(space) %}{% set space.n = space.n + 1 %}{% endmacro %}{{ bump(ns) }}{{ bump(ns) }}{{ ns.n }}", {}),
    ("loop_changed", "{% for x in [1, 1, 2, 2, 1] %}{% if loop.changed(x) %}{{ x }}{% endif %}{% endfor %}", {}),
    ("sequence_repetition", "[{{ 'ab' * -1 }}][{{ 'ab' * 0 }}][{{ [1] * 3 }}][{{ 2 * 'x' }}]", {}),
    ("bool_arithmetic", "{{ true + 1 }} {{ false * 3 }} {{ true ~ '' }} {{ 6 / 3 }} {{ 1 / 8 }} {{ 2 ** -1 }}", {}),
    ("float_floor_and_mod", "{{ -7.5 % 2 }} {{ 7.5 // 2 }} {{ -7.5 // 2 }} {{ 7 % -3 }} {{ -7 // -2 }} {{ 5.0 % 0.3 }}", {}),
    ("chained_filters", "{{ messages | map(attribute='content') | select('string') | map('trim') | join(' / ') }}", V),
    ("map_attribute_default", "{{ messages | map(attribute='reasoning_content', default='-') | list }}", V),
    ("sort_by_attribute", "{{ [{'n': 2, 'k': 'b'}, {'n': 1, 'k': 'a'}] | sort(attribute='n') | map(attribute='k') | join }}", {}),
    ("aggregates", "{{ [3, 1, 2] | max }} {{ [3, 1, 2] | min }} {{ [1, 2, 3] | sum }} {{ [{'v': 1}, {'v': 2}] | sum(attribute='v') }} {{ ['b', 'A'] | max }}", {}),
    ("dictsort_filter", "{{ {'b': 1, 'a': 2, 'C': 0} | dictsort }} {{ {'b': 1, 'a': 2} | dictsort(by='value', reverse=true) }}", {}),
    ("unicode_ordering", "{{ '\U0001F600' > '\uffff' }} {{ 'a' < 'B' }} {{ [1, 2] < [1, 3] }} {{ 'abc' < 'abd' }}", {}),
    ("dotted_integer_attribute", "{% set t = [[1, [2, 3]]] %}{{ t.0.1.0 }} {{ t[0][1][-1] }}", {}),
    ("and_or_precedence", "{{ true or false and false }} {{ not true or true }} {{ not (true or true) }} {{ 1 in [1] and 2 not in [1] }}", {}),
    ("is_not_tests_combined", "{{ none is not none or 'x' is string }} {{ not x is defined }} {{ x is defined and x is not none }}", {"x": None}),
    ("string_index_unicode", "{{ 'a\U0001F44Bb'[1] }}{{ 'a\U0001F44Bb'[-1] }}{{ 'a\U0001F44Bb' | length }}{{ 'a\U0001F44Bb'.find('b') }}", {}),
    ("filter_on_literal_list_items", "{% for k, v in {'x': [1, 2], 'y': []}.items() if v %}{{ k }}:{{ v | length }}{% endfor %}", {}),
    ("whitespace_block_mix", "<s>\n{%- for m in messages %}\n  {%- if m.role == 'user' %}\n[U] {{ m.content }}\n  {%- elif m.role == 'assistant' -%}\n[A] {{ m.content }}\n  {% endif -%}\n{% endfor %}\n</s>\n", V),
    ("set_in_if_in_loop", "{% for m in messages %}{% if loop.first %}{% set first = m.role %}{% endif %}[{{ first }}]{% endfor %}[{{ first }}]", V),
    ("print_dict_of_messages", "{{ messages[1] }}", V),
    ("escape_filter", "{{ '<a href=\"x\">&\'</a>' | e }}", {}),
    ("tojson_nested_unicode_and_floats", "{{ {'a': 1.5, 'b': [0.1, 1e-7, 1e22], 'c': '\u00e9\u2028', 'd': none} | tojson }}", {}),
    ("percent_formatting", "{{ '%s has %d items (%.2f%%)' % ('cart', 3, 42.125) }}|{{ '%5s|%-5s|%05d|%+d|%x|%X|%o' % ('a', 'b', 42, 7, 255, 255, 8) }}|{{ '%r %s' % ('q', none) }}|{{ '%(a)s-%(b)s' % {'a': 1, 'b': 2} }}|{{ '%s' % 5 }}|{{ '%.3e' % 12345.678 }}|{{ '%c%c' % (72, 'i') }}", {}),
    ("format_filter", "{{ '%s, %s!' | format('Hello', 'World') }} {{ '%(x)s' | format(x='kw') }} {{ '%.1f' | format(2.25) }}", {}),
    ("percent_format_errors", "{{ '%s %s' % ('only one',) }}", {}),
    ("round_attr_wordcount_center", "{{ 2.5 | round }} {{ 3.5 | round }} {{ 2.675 | round(2) }} {{ 1.21 | round(1, 'ceil') }} {{ 1.29 | round(1, 'floor') }} {{ 7 | round }} {{ 1234 | round(-2) }} "
     "[{{ {'a': 1} | attr('a') }}][{{ {'a': 1} | attr('items') is defined }}] {{ 'one two  three\nfour' | wordcount }} [{{ 'ab' | center(7) }}][{{ 'abc' | center(8) }}]", {}),
    # --- syntax errors ---
    ("syntax_unclosed_if", "line one\n{% if true %}\nno end", {}),
    ("syntax_unclosed_variable", "a\nb {{ x \nc", {}),
    ("syntax_bad_token", "{{ 1 + }}", {}),
    ("syntax_unknown_tag", "x\n\n{% frobnicate %}", {}),
    ("syntax_endfor_without_for", "{% endfor %}", {}),
    ("syntax_unclosed_string", "{{ 'abc }}", {}),
    ("syntax_unmatched_bracket", "{{ [1, 2) }}", {}),
    ("syntax_unclosed_comment", "a {# b", {}),
    ("syntax_elif_after_else", "{% if a %}{% else %}{% elif b %}{% endif %}", {}),
    ("syntax_break_outside_loop", "{% break %}", {}),
]

# Fuller templates in the style of published chat templates, exercised over the conversation above.
LLAMA31_STYLE = """{{- bos_token }}
{%- if custom_tools is defined %}
    {%- set tools = custom_tools %}
{%- endif %}
{%- if not tools_in_user_message is defined %}
    {%- set tools_in_user_message = true %}
{%- endif %}
{%- if not date_string is defined %}
    {%- if strftime_now is defined %}
        {%- set date_string = strftime_now("%d %b %Y") %}
    {%- else %}
        {%- set date_string = "26 Jul 2024" %}
    {%- endif %}
{%- endif %}
{%- if messages[0]['role'] == 'system' %}
    {%- set system_message = messages[0]['content']|trim %}
    {%- set messages = messages[1:] %}
{%- else %}
    {%- set system_message = "" %}
{%- endif %}
{{- "<|start_header_id|>system<|end_header_id|>\\n\\n" }}
{%- if tools is not none %}
    {{- "Environment: ipython\\n" }}
{%- endif %}
{{- "Cutting Knowledge Date: December 2023\\n" }}
{{- "Today Date: " + date_string + "\\n\\n" }}
{%- if tools is not none and not tools_in_user_message %}
    {{- "You have access to the following functions.\\n\\n" }}
    {%- for t in tools %}
        {{- t | tojson(indent=4) }}
        {{- "\\n\\n" }}
    {%- endfor %}
{%- endif %}
{{- system_message }}
{{- "<|eot_id|>" }}
{%- for message in messages %}
    {%- if not (message.role == 'ipython' or message.role == 'tool' or 'tool_calls' in message) %}
        {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' }}
    {%- elif 'tool_calls' in message %}
        {%- if not message.tool_calls|length == 1 %}
            {{- raise_exception("This model only supports single tool-calls at once!") }}
        {%- endif %}
        {%- set tool_call = message.tool_calls[0].function %}
        {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' -}}
        {{- '{"name": "' + tool_call.name + '", ' }}
        {{- '"parameters": ' }}
        {{- tool_call.arguments | tojson }}
        {{- "}" }}
        {{- "<|eot_id|>" }}
    {%- elif message.role == "tool" or message.role == "ipython" %}
        {{- "<|start_header_id|>ipython<|end_header_id|>\\n\\n" }}
        {%- if message.content is mapping or message.content is iterable %}
            {{- message.content | tojson }}
        {%- else %}
            {{- message.content }}
        {%- endif %}
        {{- "<|eot_id|>" }}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}
{%- endif %}
"""

R1_STYLE = """{% if not add_generation_prompt is defined %}{% set add_generation_prompt = false %}{% endif %}{% set ns = namespace(is_first=false, is_tool=false, is_output_first=true, system_prompt='') %}{%- for message in messages %}{%- if message['role'] == 'system' %}{% set ns.system_prompt = message['content'] %}{%- endif %}{%- endfor %}{{bos_token}}{{ns.system_prompt}}{%- for message in messages %}{%- if message['role'] == 'user' %}{%- set ns.is_tool = false -%}{{'<｜User｜>' + message['content']}}{%- endif %}{%- if message['role'] == 'assistant' and message['content'] is none %}{%- set ns.is_tool = false -%}{%- for tool in message['tool_calls']%}{%- if not ns.is_first %}{{'<｜Assistant｜><｜tool▁calls▁begin｜><｜tool▁call▁begin｜>' + tool['type'] + '<｜tool▁sep｜>' + tool['function']['name'] + '\\n' + '```json' + '\\n' + tool['function']['arguments'] | tojson + '\\n' + '```' + '<｜tool▁call▁end｜>'}}{%- set ns.is_first = true -%}{%- endif %}{%- endfor %}{{'<｜tool▁calls▁end｜><｜end▁of▁sentence｜>'}}{%- endif %}{%- if message['role'] == 'assistant' and message['content'] is not none %}{%- if ns.is_tool %}{{'<｜tool▁outputs▁end｜>' + message['content'] + '<｜end▁of▁sentence｜>'}}{%- set ns.is_tool = false -%}{%- else %}{% set content = message['content'] %}{% if '</think>' in content %}{% set content = content.split('</think>')[-1] %}{% endif %}{{'<｜Assistant｜>' + content + '<｜end▁of▁sentence｜>'}}{%- endif %}{%- endif %}{%- if message['role'] == 'tool' %}{%- set ns.is_tool = true -%}{%- if ns.is_output_first %}{{'<｜tool▁outputs▁begin｜><｜tool▁output▁begin｜>' + message['content'] + '<｜tool▁output▁end｜>'}}{%- set ns.is_output_first = false %}{%- else %}{{'\\n<｜tool▁output▁begin｜>' + message['content'] + '<｜tool▁output▁end｜>'}}{%- endif %}{%- endif %}{%- endfor -%}{% if ns.is_tool %}{{'<｜tool▁outputs▁end｜>'}}{% endif %}{% if add_generation_prompt and not ns.is_tool %}{{'<｜Assistant｜><think>\\n'}}{% endif %}"""

CASES += [
    ("llama31_style_tools", LLAMA31_STYLE, dict(V, tools_in_user_message=False)),
    ("llama31_style_no_tools", LLAMA31_STYLE, dict(V, tools=None, messages=CONVERSATION[:4])),
    ("llama31_style_date_string", LLAMA31_STYLE, dict(V, tools=None, messages=CONVERSATION[:2], date_string="1 Jan 2025")),
    ("r1_style", R1_STYLE, V),
    ("r1_style_no_generation_prompt", R1_STYLE, dict(V, add_generation_prompt=False, messages=CONVERSATION[:4])),
]


def environment():
    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                        extensions=[jinja2.ext.loopcontrols, GenerationExtension])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = lambda fmt: datetime(2026, 1, 2, 3, 4, 5).strftime(fmt)
    return env


class GenerationExtension(jinja2.ext.Extension):
    """Hugging Face's {% generation %} marker (AssistantTracker) without the mask bookkeeping."""
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
        return jinja2.nodes.CallBlock(self.call_method("_render", []), [], [], body).set_lineno(lineno)

    def _render(self, caller):
        return caller()


def main():
    env, cases = environment(), []
    for name, template, variables in CASES:
        case = {"name": name, "template": template, "variables": variables}
        try:
            compiled = env.from_string(template)
        except jinja2.exceptions.TemplateSyntaxError as e:
            case["syntax_error"] = {"message": e.message, "line": e.lineno}
            cases.append(case)
            continue
        except SyntaxError as e:  # Jinja2 leaves some checks (a break outside a loop) to Python's compiler
            case["syntax_error"] = {"message": e.msg, "line": None}
            cases.append(case)
            continue
        try:
            case["text"] = compiled.render(**variables)
        except Exception as e:
            case["error"] = {"type": type(e).__name__, "message": str(e)}
        cases.append(case)
    json.dump({"jinja2_version": jinja2.__version__, "cases": cases}, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
