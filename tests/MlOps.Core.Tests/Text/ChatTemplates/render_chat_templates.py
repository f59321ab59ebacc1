#!/usr/bin/python3
"""Renders templates.py's chat templates with Debian's python3-jinja2 exactly as transformers'
apply_chat_template(tokenize=False) does (transformers/utils/chat_template_utils.py: ImmutableSandboxedEnvironment
with trim_blocks=True, lstrip_blocks=True and the loopcontrols extension; tojson overridden by json.dumps with
ensure_ascii=False; globals raise_exception and strftime_now; variables messages, add_generation_prompt and the
special tokens, with tools=None and documents=None as transformers passes them). Writes templates.json and rendered.json beside this script.

Run: /usr/bin/python3 render_chat_templates.py   (python3-jinja2 3.1.2 on Debian)
"""
import datetime
import json
import os

import jinja2
import jinja2.ext
from jinja2.exceptions import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from templates import CONVERSATIONS, FEATURES, FIXED_DATE, TEMPLATES

HERE = os.path.dirname(os.path.abspath(__file__))


def raise_exception(message):
    raise TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(format):
    return datetime.datetime(*FIXED_DATE).strftime(format)


def environment():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def main():
    env = environment()
    cases = []
    for name, spec in TEMPLATES.items():
        template = env.from_string(spec["template"])
        tokens = {k: v for k, v in (("bos_token", spec["bos_token"]), ("eos_token", spec["eos_token"])) if v is not None}
        for conversation, messages in CONVERSATIONS.items():
            for generation_prompt in (False, True):
                case = {"template": name, "conversation": conversation, "add_generation_prompt": generation_prompt}
                try:
                    case["rendered"] = template.render(messages=messages, tools=None, documents=None, add_generation_prompt=generation_prompt, **tokens)
                except TemplateError as e:
                    case["error"] = str(e)
                cases.append(case)
    for name, text in FEATURES.items():
        template = env.from_string(text)
        for conversation in ("system_multi", "multi"):
            cases.append({"template": name, "conversation": conversation, "add_generation_prompt": False,
                          "rendered": template.render(messages=CONVERSATIONS[conversation], tools=None, documents=None, add_generation_prompt=False)})
    features = {name: {"bos_token": None, "eos_token": None, "template": text} for name, text in FEATURES.items()}
    with open(os.path.join(HERE, "templates.json"), "w", encoding="utf-8") as f:
        json.dump({"templates": {**TEMPLATES, **features}, "conversations": CONVERSATIONS, "fixed_date": FIXED_DATE, "jinja2": jinja2.__version__}, f, ensure_ascii=False, indent=1)
    with open(os.path.join(HERE, "rendered.json"), "w", encoding="utf-8") as f:
        json.dump(cases, f, ensure_ascii=False, indent=1)
    print(f"{len(cases)} renderings with jinja2 {jinja2.__version__}")


if __name__ == "__main__":
    main()
