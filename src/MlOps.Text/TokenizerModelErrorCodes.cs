namespace MlOps.Text;

/// <summary>Stable diagnostic codes of decoder tokenizers and chat templates (MLOPS380–387).</summary>
public static class TokenizerModelErrorCodes
{
    /// <summary>The tokenizer has ids (vocabulary, added or special tokens) beyond the model's config.json vocab_size.</summary>
    public const string VocabularyBeyondModel = "MLOPS380";
    /// <summary>The tokenizer folder has no chat template (tokenizer_config.json "chat_template", chat_template.jinja).</summary>
    public const string ChatTemplateMissing = "MLOPS381";
    /// <summary>The chat template is not valid Jinja, or uses a construct MlOps does not render (line and column given).</summary>
    public const string ChatTemplateInvalid = "MLOPS382";
    /// <summary>Rendering the chat template failed: the template raised an error (raise_exception, e.g. an unknown role), or it misused a value.</summary>
    public const string ChatTemplateFailed = "MLOPS383";
}
