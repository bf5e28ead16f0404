/**
 * Chat templates: a small Jinja engine, JDK only, whose output is byte-identical to Python's
 * Jinja2 as Hugging Face transformers runs it in {@code apply_chat_template}.
 *
 * <p>{@link dev.latte.template.ChatTemplate} is the entry point (load a tokenizer_config.json,
 * render a conversation, or render and encode it into a {@link dev.latte.template.RenderedPrompt});
 * {@link dev.latte.template.JinjaTemplate} renders any template of the supported subset. Inside,
 * {@code TemplateLexer} and the parsers build a tree of {@code Stmt} and {@code Expr} records that
 * {@code Interpreter} executes with Python's value semantics ({@code PyValues}, {@code PyMembers},
 * {@code PyArithmetic}, {@code PyStrings}, {@code Filters}, {@code Tests}). See
 * docs/chat-templates.md for the subset and how parity is tested.
 */
package dev.latte.template;
