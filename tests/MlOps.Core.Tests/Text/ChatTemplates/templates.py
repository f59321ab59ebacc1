# Real chat templates, copied verbatim (as Python strings) from where they are vendored; the source is named per entry.
# Consumed by render_chat_templates.py, which writes templates.json (the template text) and rendered.json (what
# Debian's python3-jinja2 renders under transformers' environment settings).

TEMPLATES = {
    # meta-llama/Meta-Llama-3-8B-Instruct tokenizer_config.json "chat_template", as vendored in
    # GitHub code that sets tokenizer.chat_template to it (found with the code search; identical in several repositories).
    "llama3_instruct": {
        "bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>",
        "template": "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}",
    },
    # meta-llama/Llama-3.2-1B-Instruct chat_template, vendored as a Python string in a GitHub script that sets it when a
    # Llama tokenizer lacks one (namespace-free, but uses is defined, strftime_now, tojson(indent=4), |trim, slicing, {%- -%}).
    "llama3_2_instruct": {
        "bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>",
        "template": """{{- bos_token }}\n{%- if custom_tools is defined %}\n    {%- set tools = custom_tools %}\n{%- endif %}\n{%- if not tools_in_user_message is defined %}\n    {%- set tools_in_user_message = true %}\n{%- endif %}\n{%- if not date_string is defined %}\n    {%- if strftime_now is defined %}\n        {%- set date_string = strftime_now("%d %b %Y") %}\n    {%- else %}\n        {%- set date_string = "26 Jul 2024" %}\n    {%- endif %}\n{%- endif %}\n{%- if not tools is defined %}\n    {%- set tools = none %}\n{%- endif %}\n\n{#- This block extracts the system message, so we can slot it into the right place. #}\n{%- if messages[0][\'role\'] == \'system\' %}\n    {%- set system_message = messages[0][\'content\']|trim %}\n    {%- set messages = messages[1:] %}\n{%- else %}\n    {%- set system_message = "" %}\n{%- endif %}\n\n{#- System message #}\n{{- "<|start_header_id|>system<|end_header_id|>\\n\\n" }}\n{%- if tools is not none %}\n    {{- "Environment: ipython\\n" }}\n{%- endif %}\n{{- "Cutting Knowledge Date: December 2023\\n" }}\n{{- "Today Date: " + date_string + "\\n\\n" }}\n{%- if tools is not none and not tools_in_user_message %}\n    {{- "You have access to the following functions. To call a function, please respond with JSON for a function call." }}\n    {{- \'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.\' }}\n    {{- "Do not use variables.\\n\\n" }}\n    {%- for t in tools %}\n        {{- t | tojson(indent=4) }}\n        {{- "\\n\\n" }}\n    {%- endfor %}\n{%- endif %}\n{{- system_message }}\n{{- "<|eot_id|>" }}\n\n{#- Custom tools are passed in a user message with some extra guidance #}\n{%- if tools_in_user_message and not tools is none %}\n    {#- Extract the first user message so we can plug it in here #}\n    {%- if messages | length != 0 %}\n        {%- set first_user_message = messages[0][\'content\']|trim %}\n        {%- set messages = messages[1:] %}\n    {%- else %}\n        {{- raise_exception("Cannot put tools in the first user message when there\'s no first user message!") }}\n{%- endif %}\n    {{- \'<|start_header_id|>user<|end_header_id|>\\n\\n\' -}}\n    {{- "Given the following functions, please respond with a JSON for a function call " }}\n    {{- "with its proper arguments that best answers the given prompt.\\n\\n" }}\n    {{- \'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.\' }}\n    {{- "Do not use variables.\\n\\n" }}\n    {%- for t in tools %}\n        {{- t | tojson(indent=4) }}\n        {{- "\\n\\n" }}\n    {%- endfor %}\n    {{- first_user_message + "<|eot_id|>"}}\n{%- endif %}\n\n{%- for message in messages %}\n    {%- if not (message.role == \'ipython\' or message.role == \'tool\' or \'tool_calls\' in message) %}\n        {{- \'<|start_header_id|>\' + message[\'role\'] + \'<|end_header_id|>\\n\\n\'+ message[\'content\'] | trim + \'<|eot_id|>\' }}\n    {%- elif \'tool_calls\' in message %}\n        {%- if not message.tool_calls|length == 1 %}\n            {{- raise_exception("This model only supports single tool-calls at once!") }}\n        {%- endif %}\n        {%- set tool_call = message.tool_calls[0].function %}\n        {{- \'<|start_header_id|>assistant<|end_header_id|>\\n\\n\' -}}\n        {{- \'{"name": "\' + tool_call.name + \'", \' }}\n        {{- \'"parameters": \' }}\n        {{- tool_call.arguments | tojson }}\n        {{- "}" }}\n        {{- "<|eot_id|>" }}\n    {%- elif message.role == "tool" or message.role == "ipython" %}\n        {{- "<|start_header_id|>ipython<|end_header_id|>\\n\\n" }}\n        {%- if message.content is mapping or message.content is iterable %}\n            {{- message.content | tojson }}\n        {%- else %}\n            {{- message.content }}\n        {%- endif %}\n        {{- "<|eot_id|>" }}\n    {%- endif %}\n{%- endfor %}\n{%- if add_generation_prompt %}\n    {{- \'<|start_header_id|>assistant<|end_header_id|>\\n\\n\' }}\n{%- endif %}\n""",
    },
    # Qwen/Qwen2-0.5B-Instruct tokenizer_config.json "chat_template" (the Qwen1.5/Qwen2 ChatML template with its default
    # system prompt; the Qwen1.5 variant is vendored in huggingface/text-generation-inference's router chat template tests).
    "qwen2_instruct": {
        "bos_token": None, "eos_token": "<|im_end|>",
        "template": "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}",
    },
    # mistralai/Mistral-7B-Instruct-v0.1, as vendored in huggingface/text-generation-inference's router tests
    # (also in mistral.rs' chat template tests).
    "mistral_instruct": {
        "bos_token": "<s>", "eos_token": "</s>",
        "template": "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token + ' ' }}{% else %}{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}{% endfor %}",
    },
    # HuggingFaceH4/zephyr-7b-beta = TinyLlama/TinyLlama-1.1B-Chat-v1.0, as vendored in text-generation-inference's router tests.
    "zephyr_tinyllama": {
        "bos_token": "<s>", "eos_token": "</s>",
        "template": "{% for message in messages %}\n{% if message['role'] == 'user' %}\n{{ '<|user|>\\n' + message['content'] + eos_token }}\n{% elif message['role'] == 'system' %}\n{{ '<|system|>\\n' + message['content'] + eos_token }}\n{% elif message['role'] == 'assistant' %}\n{{ '<|assistant|>\\n'  + message['content'] + eos_token }}\n{% endif %}\n{% if loop.last and add_generation_prompt %}\n{{ '<|assistant|>' }}\n{% endif %}\n{% endfor %}",
    },
    # HuggingFaceTB/SmolLM-135M-Instruct: plain ChatML (as teknium/OpenHermes-2.5-Mistral-7B, vendored in mistral.rs' chat template tests).
    "smollm_chatml": {
        "bos_token": "<|im_start|>", "eos_token": "<|im_end|>",
        "template": "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}",
    },
    # meta-llama/Llama-2-13b-chat-hf, as vendored in mistral.rs' chat template tests, where the Rust literal doubles the
    # backslashes of '\\n'; here undone to the tokenizer_config.json text, in which '\\n' is a Jinja escape for a newline.
    "llama2_chat": {
        "bos_token": "<s>", "eos_token": "</s>",
        "template": "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}{% set system_message = messages[0]['content'] %}{% else %}{% set loop_messages = messages %}{% set system_message = false %}{% endif %}{% for message in loop_messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if loop.index0 == 0 and system_message != false %}{% set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}{% else %}{% set content = message['content'] %}{% endif %}{% if message['role'] == 'user' %}{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor %}",
    },
}

SYSTEM = {"role": "system", "content": "You are a terse assistant.\n"}
CONVERSATIONS = {
    "single": [{"role": "user", "content": "Hello there!"}],
    "system": [SYSTEM, {"role": "user", "content": "  What is 2+2?  "}],
    "multi": [
        {"role": "user", "content": "Name a colour."},
        {"role": "assistant", "content": " Blue. "},
        {"role": "user", "content": "Café, naïve, 😀 and \"quotes\" 'too'?"},
    ],
    "system_multi": [
        SYSTEM,
        {"role": "user", "content": "One"},
        {"role": "assistant", "content": "Two"},
        {"role": "user", "content": "Three\n\nlines"},
    ],
    "unknown_role": [{"role": "user", "content": "Hi"}, {"role": "robot", "content": "beep"}],
    "not_alternating": [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}],
}
FIXED_DATE = (2024, 7, 26)  # strftime_now's clock in the fixtures (transformers reads the local time)

# Small templates written for this test (not from a model) that exercise the Jinja features newer templates use.
FEATURES = {
    "namespace_loop_controls": "{% set ns = namespace(found=false, count=0) %}{% for m in messages %}{% if m.role == 'system' %}{% continue %}{% endif %}{% set ns.count = ns.count + 1 %}{% if 'Three' in m.content %}{% set ns.found = true %}{% break %}{% endif %}{% endfor %}{{ ns.found }} {{ ns.count }}",
    "filters": "{{ messages | selectattr('role', 'equalto', 'user') | map(attribute='content') | join(' | ') }}\n{{ messages | length }} {{ (messages | first).role | upper }} {{ (messages | last)['role'] | title }} {{ undefined_thing | default('dflt') }} {{ '  x  ' | trim }}|{{ messages[0].content | trim | lower }}",
    "tojson": "{{ {'a': [1, 2.5, none, true], 'b': {'c': 'é\"q'}} | tojson }}\n{{ {'a': [1, {'b': 'x'}], 'e': []} | tojson(indent=2) }}\n{{ messages[-1] | tojson(sort_keys=true) }}",
    "slicing_and_strings": "{{ messages[1:] | length }} {{ messages[::-1][0].role }} {{ messages[-2:] | map(attribute='role') | list }} {{ 'h😀llo'[1] }}{{ 'h😀llo'[::-1] }} {{ 'a,b,,c'.split(',') }} {{ '  x y  '.split() }} {{ 'Hello'.startswith('He') }} {{ 'Hello'.replace('l', 'L') }} {{ 'hello world'.title() }} {{ 'abc'.upper() ~ 1 ~ none }}",
    "operators": "{{ 1 + 2 * 3 ** 2 }} {{ 7 // 2 }} {{ -7 % 3 }} {{ 7 / 2 }} {{ 2.0 * 3 }} {{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ not 1 == 2 }} {{ 'a' if false else 'b' }} {{ [1, 2] + [3] }} {{ 'ab' * 2 }} {{ 1 == 1.0 }} {{ none }} {{ true and 'yes' }} {{ 0 or 'zero' }} {{ 'x' not in 'abc' }}",
    "whitespace": "{% for m in messages %}\n    {% if loop.first %}\n        first: {{ m.role }}\n    {% elif loop.last -%}\n        last: {{ m.role }} of {{ loop.length }} ({{ loop.revindex0 }}, prev {{ loop.previtem.role }})\n    {%- else %}\n  {%+ if true %}kept-indent{% endif %}\n    {% endif %}\n    {# a comment #}\n{% endfor %}\n{%- for x in [] %}never{% else %}empty-else{% endfor %}\n{% set block %}\n  inside {{ messages | length }}\n{% endset %}[{{ block }}]\n",
    "defined_and_tests": "{% if tools is not defined %}no tools{% endif %} {% if messages[0].content is string %}str{% endif %} {% if messages is iterable and messages[0] is mapping %}list-of-dicts{% endif %} {{ messages[0].missing is defined }} {% for k, v in {'x': 1, 'y': 2}.items() %}{{ k }}={{ v }};{% endfor %} {{ (messages | selectattr('role', 'equalto', 'tool') | list) | length }} {{ 4 is even }} {{ 'escapes: \\t|\\u00e9|\\x41' }}",
}
