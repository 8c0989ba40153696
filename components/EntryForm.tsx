import { useId, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { GlossaryEntry, GlossaryList } from '@/lib/glossary/model';
import { normalizeEntry } from '@/lib/glossary/entry-draft';
import { canSave, validateEntry, type EntryIssue, type GlossaryFormIndex } from '@/lib/glossary/validate-entry';
import { changedFields, type EntryField } from '@/lib/glossary/history';
import { t, type MessageKey } from '@/lib/i18n';
import { issueText } from './issue-text';
import { MatchPreview } from './MatchPreview';

/** Languages offered for a new group of renderings (any BCP 47 tag can be typed in the import formats). */
const LANGUAGES = ['en', 'fr', 'de', 'es', 'ru', 'ja', 'ko', 'ar', 'pt', 'zh-Hant'];

export interface EntryFormProps {
  /** The entry as loaded (or a new draft). The form keeps its own copy: remount (key) to load another. */
  entry: GlossaryEntry;
  isNew: boolean;
  lists: readonly GlossaryList[];
  /** The rest of the glossary, for duplicate checks; undefined while loading. */
  index: GlossaryFormIndex | undefined;
  /** Tags in use, offered as suggestions. */
  knownTags?: readonly string[];
  /** The popup's small form: the less used sections start folded. */
  compact?: boolean;
  /** Set when saving found the entry changed meanwhile: what the database holds now (undefined: gone). */
  conflict?: { current: GlossaryEntry | undefined } | null;
  saving?: boolean;
  /** Save the (normalised) entry; `force` overwrites a conflicting change. */
  onSave: (entry: GlossaryEntry, options: { force: boolean }) => void;
  onCancel: () => void;
  onDelete?: () => void;
  onShowHistory?: () => void;
  /** More controls for the header (the popup's "open in the workspace"). */
  headerExtra?: preact.ComponentChildren;
  /** Drop this form's edits and load the database's version (after a conflict). */
  onTakeTheirs?: () => void;
  /** The address of another entry (for links in messages), and what following it does. */
  entryHref: (entryId: string) => string;
  onOpenEntry: (entryId: string) => void;
}

/**
 * The entry form shared by the options page and the popup: every field of the
 * data model, live validation beside each field, and a live preview of the text
 * the entry will match. Enter saves (Ctrl+Enter in a multi-line field), Escape cancels.
 */
export function EntryForm(props: EntryFormProps) {
  const { lists, index, compact = false, conflict } = props;
  const [value, setValue] = useState<GlossaryEntry>(() => structuredClone(props.entry));
  const [tagsText, setTagsText] = useState(() => props.entry.tags.join(', '));
  const [submitted, setSubmitted] = useState(false);
  // A new entry's empty term is not called an error before the editor has been in the field or
  // tried to save: the form opens on it, and a red "Enter a term" then greeted every new entry.
  const [termVisited, setTermVisited] = useState(() => !props.isNew || props.entry.term.trim() !== '');
  const formRef = useRef<HTMLFormElement>(null);
  const uid = useId();
  const id = (field: string) => `${uid}-${field.replace(/[^a-zA-Z0-9-]/g, '_')}`;

  useLayoutEffect(() => {
    // Focus the headword of a new entry, so that typing starts at once: in the commit that shows
    // the form, not after the frame, when a key pressed in between went to the page.
    if (props.isNew) formRef.current?.querySelector<HTMLInputElement>('[data-field="term"]')?.focus();
  }, []);

  const issues = useMemo(() => (index ? validateEntry(value, index) : []), [value, index]);
  const normalized = useMemo(() => normalizeEntry(value), [value]);
  const errorCount = issues.filter((i) => i.severity === 'error').length;
  const dirty = useMemo(() => changedFields(normalizeEntry(props.entry), normalized).length > 0, [normalized, props.entry]);

  const update = (patch: Partial<GlossaryEntry>) => setValue((v) => ({ ...v, ...patch }));
  const updateMatch = (patch: Partial<GlossaryEntry['match']>) => setValue((v) => ({ ...v, match: { ...v.match, ...patch } }));
  const updateSource = (patch: Partial<NonNullable<GlossaryEntry['source']>>) =>
    setValue((v) => ({ ...v, source: { title: '', url: '', ...v.source, ...patch } }));

  const at = (field: string) => issues.filter((i) => i.field === field && (i.code !== 'term-empty' || termVisited || submitted));
  const fieldProps = (field: string) => {
    const here = at(field);
    return {
      id: id(field),
      'data-field': field,
      'aria-invalid': here.some((i) => i.severity === 'error') ? ('true' as const) : undefined,
      'aria-describedby': here.length ? `${id(field)}-issues` : undefined,
    };
  };
  const issuesAt = (field: string) => (
    <FieldIssues
      id={`${id(field)}-issues`}
      issues={at(field)}
      entryHref={props.entryHref}
      onOpenEntry={props.onOpenEntry}
    />
  );

  const submit = (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (!canSave(issues)) {
      const first = issues.find((i) => i.severity === 'error');
      formRef.current?.querySelector<HTMLElement>(`[data-field="${first?.field ?? 'term'}"]`)?.focus();
      return;
    }
    props.onSave({ ...normalized, tags: splitTags(tagsText) }, { force: false });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      props.onCancel();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      formRef.current?.requestSubmit();
    }
  };

  const translationLangs = Object.keys(value.translations);
  const missingLangs = LANGUAGES.filter((l) => !translationLangs.includes(l));

  return (
    <form
      ref={formRef}
      class={`tl-form${compact ? ' tl-form-compact' : ''}`}
      data-testid="entry-form"
      onSubmit={submit}
      onKeyDown={onKeyDown}
      noValidate
    >
      <header class="tl-form-header">
        <h2 class="tl-form-title">{props.isNew ? t('formNewEntry') : t('formEditEntry')}</h2>
        {props.headerExtra}
        {props.onShowHistory && !props.isNew && (
          <button type="button" class="tl-button tl-button-quiet" data-testid="entry-history" onClick={props.onShowHistory}>
            {t('formHistory')}
          </button>
        )}
        <button type="button" class="tl-icon-button" aria-label={t('formClose')} title={t('formClose')} onClick={props.onCancel}>
          ×
        </button>
      </header>

      {conflict && (
        <ConflictPanel
          mine={{ ...normalized, tags: splitTags(tagsText) }}
          theirs={conflict.current}
          onKeepMine={() => props.onSave({ ...normalized, tags: splitTags(tagsText) }, { force: true })}
          onTakeTheirs={props.onTakeTheirs}
        />
      )}

      <div class="tl-form-body">
        <div class="tl-field">
          <label for={id('term')}>{t('formTerm')}</label>
          <input
            {...fieldProps('term')}
            class="tl-input tl-input-term"
            data-testid="entry-term"
            lang={value.lang}
            value={value.term}
            autocomplete="off"
            onInput={(e) => {
              setTermVisited(true);
              update({ term: e.currentTarget.value });
            }}
            onBlur={() => setTermVisited(true)}
          />
          {issuesAt('term')}
        </div>

        <div class="tl-field-row">
          <div class="tl-field">
            <label for={id('listId')}>{t('formList')}</label>
            <select
              id={id('listId')}
              class="tl-input"
              data-testid="entry-list"
              value={value.listId}
              onChange={(e) => update({ listId: e.currentTarget.value })}
            >
              {lists.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
          <div class="tl-field tl-field-narrow">
            <label for={id('lang')}>{t('formLanguage')}</label>
            <input
              id={id('lang')}
              class="tl-input"
              value={value.lang}
              autocomplete="off"
              onInput={(e) => update({ lang: e.currentTarget.value })}
            />
          </div>
        </div>

        <TextRows
          label={t('formVariants')}
          hint={t('formVariantsHint')}
          addLabel={t('formAddVariant')}
          removeLabel={t('formRemoveVariant')}
          values={value.variants}
          lang={value.lang}
          fieldPrefix="variants"
          testId="entry-variant"
          fieldProps={fieldProps}
          issuesAt={issuesAt}
          onChange={(variants) => update({ variants })}
        />

        <fieldset class="tl-fieldset">
          <legend>{t('formTranslations')}</legend>
          {(translationLangs.length ? translationLangs : ['en']).map((lang) => (
            <TextRows
              key={lang}
              label={lang}
              addLabel={t('formAddTranslation')}
              removeLabel={t('formRemoveTranslation')}
              values={value.translations[lang] ?? []}
              lang={lang}
              fieldPrefix={`translations.${lang}`}
              testId={`entry-translation-${lang}`}
              fieldProps={fieldProps}
              issuesAt={issuesAt}
              minRows={1}
              onChange={(values) => update({ translations: { ...value.translations, [lang]: values } })}
            />
          ))}
          {!compact && missingLangs.length > 0 && (
            <AddLanguage
              languages={missingLangs}
              onAdd={(lang) => update({ translations: { ...value.translations, [lang]: [''] } })}
            />
          )}
        </fieldset>

        <div class="tl-field">
          <label for={id('definition')}>{t('formDefinition')}</label>
          <textarea
            {...fieldProps('definition')}
            class="tl-input"
            data-testid="entry-definition"
            rows={compact ? 3 : 4}
            lang={value.lang}
            value={value.definition}
            onInput={(e) => update({ definition: e.currentTarget.value })}
          />
        </div>

        <MatchPreview entry={normalized} />

        <div class="tl-field">
          <label for={id('tags')}>{t('formTags')}</label>
          <input
            id={id('tags')}
            class="tl-input"
            data-testid="entry-tags"
            list={`${uid}-tags`}
            placeholder={t('formTagsHint')}
            value={tagsText}
            autocomplete="off"
            onInput={(e) => {
              setTagsText(e.currentTarget.value);
              update({ tags: splitTags(e.currentTarget.value) });
            }}
          />
          <datalist id={`${uid}-tags`}>
            {(props.knownTags ?? []).map((tag) => (
              <option key={tag} value={tag} />
            ))}
          </datalist>
        </div>

        <Section title={t('formSource')} open={!compact || at('source.url').length > 0 || at('source.date').length > 0}>
          <div class="tl-field">
            <label for={id('source.title')}>{t('formSourceTitle')}</label>
            <input
              id={id('source.title')}
              class="tl-input"
              data-testid="entry-source-title"
              value={value.source?.title ?? ''}
              onInput={(e) => updateSource({ title: e.currentTarget.value })}
            />
          </div>
          <div class="tl-field-row">
            <div class="tl-field">
              <label for={id('source.url')}>{t('formSourceUrl')}</label>
              <input
                {...fieldProps('source.url')}
                class="tl-input"
                type="url"
                inputMode="url"
                data-testid="entry-source-url"
                placeholder="https://"
                value={value.source?.url ?? ''}
                onInput={(e) => updateSource({ url: e.currentTarget.value })}
              />
              {issuesAt('source.url')}
            </div>
            <div class="tl-field tl-field-narrow">
              <label for={id('source.date')}>{t('formSourceDate')}</label>
              <input
                {...fieldProps('source.date')}
                class="tl-input"
                type="date"
                value={value.source?.date ?? ''}
                onInput={(e) => updateSource({ date: e.currentTarget.value })}
              />
              {issuesAt('source.date')}
            </div>
          </div>
        </Section>

        <Section title={t('formMatching')} open={!compact || value.match.exclusions.some((x) => x.trim() !== '')}>
          <label class="tl-check">
            <input
              type="checkbox"
              checked={value.match.wholeWord}
              onChange={(e) => updateMatch({ wholeWord: e.currentTarget.checked })}
            />
            <span>
              {t('formWholeWord')} <span class="tl-hint">{t('formWholeWordHint')}</span>
            </span>
          </label>
          <label class="tl-check">
            <input
              type="checkbox"
              checked={value.match.caseSensitive}
              onChange={(e) => updateMatch({ caseSensitive: e.currentTarget.checked })}
            />
            <span>
              {t('formCaseSensitive')} <span class="tl-hint">{t('formCaseSensitiveHint')}</span>
            </span>
          </label>
          <TextRows
            label={t('formExclusions')}
            hint={t('formExclusionsHint')}
            addLabel={t('formAddExclusion')}
            removeLabel={t('formRemoveExclusion')}
            values={value.match.exclusions}
            lang={value.lang}
            fieldPrefix="exclusions"
            testId="entry-exclusion"
            fieldProps={fieldProps}
            issuesAt={issuesAt}
            onChange={(exclusions) => updateMatch({ exclusions })}
          />
        </Section>

        <Section title={t('formNote')} open={!compact || value.note !== ''}>
          <div class="tl-field">
            <label for={id('note')} class="tl-visually-hidden">
              {t('formNote')}
            </label>
            <textarea
              id={id('note')}
              class="tl-input"
              data-testid="entry-note"
              rows={2}
              value={value.note}
              onInput={(e) => update({ note: e.currentTarget.value })}
            />
            <p class="tl-hint">{t('formNoteHint')}</p>
          </div>
        </Section>
      </div>

      <footer class="tl-form-footer">
        {props.onDelete && !props.isNew && (
          <button type="button" class="tl-button tl-button-danger" data-testid="entry-delete" onClick={props.onDelete}>
            {t('formDelete')}
          </button>
        )}
        <span class="tl-form-status" role="status">
          {submitted && errorCount > 0 ? errorCount === 1 ? t('formErrorsToFixOne') : t('formErrorsToFix', errorCount) : dirty ? t('formUnsaved') : ''}
        </span>
        <button type="button" class="tl-button" onClick={props.onCancel}>
          {t('formCancel')}
        </button>
        <button type="submit" class="tl-button tl-button-primary" data-testid="entry-save" disabled={props.saving}>
          {t('formSave')}
        </button>
      </footer>
    </form>
  );
}

/** Tags as typed: separated by commas (ASCII or Chinese) or the Chinese enumeration comma. */
function splitTags(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[,，、]/)) {
    const tag = part.trim();
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}

function Section(props: { title: string; open: boolean; children: preact.ComponentChildren }) {
  return (
    <details class="tl-section-fold" open={props.open}>
      <summary>{props.title}</summary>
      <div class="tl-section-fold-body">{props.children}</div>
    </details>
  );
}

type FieldProps = (field: string) => Record<string, unknown>;

/** A growable list of one-line inputs (variants, renderings of one language, exclusions). */
function TextRows(props: {
  label: string;
  hint?: string;
  addLabel: string;
  removeLabel: string;
  values: string[];
  lang: string;
  fieldPrefix: string;
  testId: string;
  fieldProps: FieldProps;
  issuesAt: (field: string) => preact.JSX.Element;
  minRows?: number;
  onChange: (values: string[]) => void;
}) {
  const rows = props.values.length < (props.minRows ?? 0) ? [...props.values, ''] : props.values;
  const listRef = useRef<HTMLDivElement>(null);
  const groupId = useId();
  const add = () => {
    props.onChange([...rows, '']);
    // Focus the new row once it is rendered.
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLInputElement>('.tl-row:last-child input')?.focus());
  };
  return (
    <div class="tl-field" role="group" aria-labelledby={groupId}>
      <span class="tl-label" id={groupId}>
        {props.label}
        {props.hint && <span class="tl-hint"> {props.hint}</span>}
      </span>
      <div ref={listRef} class="tl-rows">
        {rows.map((text, i) => {
          const field = `${props.fieldPrefix}.${i}`;
          return (
            <div key={i} class="tl-row">
              <div class="tl-row-line">
                <input
                  {...props.fieldProps(field)}
                  class="tl-input"
                  data-testid={props.testId}
                  aria-label={`${props.label} ${i + 1}`}
                  lang={props.lang}
                  value={text}
                  autocomplete="off"
                  onInput={(e) => props.onChange(rows.map((v, j) => (j === i ? e.currentTarget.value : v)))}
                />
                <button
                  type="button"
                  class="tl-icon-button"
                  aria-label={`${props.removeLabel} ${i + 1}`}
                  title={props.removeLabel}
                  onClick={() => props.onChange(rows.filter((_, j) => j !== i))}
                >
                  −
                </button>
              </div>
              {props.issuesAt(field)}
            </div>
          );
        })}
      </div>
      <button type="button" class="tl-button tl-button-quiet tl-add-row" data-testid={`${props.testId}-add`} onClick={add}>
        + {props.addLabel}
      </button>
    </div>
  );
}

function AddLanguage(props: { languages: string[]; onAdd: (lang: string) => void }) {
  const [lang, setLang] = useState(props.languages[0] ?? 'en');
  const selectId = useId();
  return (
    <div class="tl-add-language">
      <label for={selectId} class="tl-visually-hidden">
        {t('formLanguage')}
      </label>
      <select id={selectId} class="tl-input" value={lang} onChange={(e) => setLang(e.currentTarget.value)}>
        {props.languages.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
      <button type="button" class="tl-button tl-button-quiet" onClick={() => props.onAdd(lang)}>
        + {t('formAddLanguage')}
      </button>
    </div>
  );
}

/** The problems of one field, each with a link to the other entry it is about. */
export function FieldIssues(props: {
  id: string;
  issues: readonly EntryIssue[];
  entryHref: (entryId: string) => string;
  onOpenEntry: (entryId: string) => void;
}) {
  if (props.issues.length === 0) return null;
  return (
    <ul id={props.id} class="tl-issues">
      {props.issues.map((issue, i) => (
        <li key={i} class={`tl-issue tl-issue-${issue.severity}`} data-testid="entry-issue" data-code={issue.code}>
          <span>{issueText(issue)}</span>
          {issue.other && (
            <>
              {' '}
              <a
                href={props.entryHref(issue.other.entryId)}
                data-testid="entry-issue-link"
                onClick={(e) => {
                  e.preventDefault();
                  props.onOpenEntry(issue.other!.entryId);
                }}
              >
                {t('issueOpenOther', issue.other.term, issue.other.listName)}
              </a>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

const FIELD_LABEL: Record<EntryField, MessageKey> = {
  listId: 'formList',
  term: 'formTerm',
  variants: 'formVariants',
  lang: 'formLanguage',
  translations: 'formTranslations',
  definition: 'formDefinition',
  note: 'formNote',
  tags: 'formTags',
  source: 'formSource',
  match: 'formMatching',
  deletedAt: 'fieldDeletedAt',
};

/** The name of an entry field in the user's language. */
export function fieldLabel(field: EntryField): string {
  return t(FIELD_LABEL[field]);
}

/** A short text of a field's value, for side-by-side comparisons. */
export function fieldValueText(entry: GlossaryEntry, field: EntryField): string {
  const v = entry[field];
  if (v === undefined) return '—';
  if (field === 'deletedAt') return new Date(v as number).toLocaleString();
  if (field === 'translations') {
    return Object.entries(entry.translations)
      .map(([lang, values]) => `${lang}: ${values.join(' | ')}`)
      .join('\n');
  }
  if (field === 'source') return [entry.source?.title, entry.source?.url, entry.source?.date].filter(Boolean).join('\n');
  if (field === 'match') {
    const m = entry.match;
    return [
      m.wholeWord ? t('formWholeWord') : '',
      m.caseSensitive ? t('formCaseSensitive') : '',
      m.exclusions.length ? `${t('formExclusions')}: ${m.exclusions.join(' | ')}` : '',
    ]
      .filter(Boolean)
      .join('\n');
  }
  if (Array.isArray(v)) return v.join(' | ');
  return String(v);
}

function ConflictPanel(props: {
  mine: GlossaryEntry;
  theirs: GlossaryEntry | undefined;
  onKeepMine: () => void;
  onTakeTheirs?: () => void;
}) {
  const fields = props.theirs ? changedFields(props.theirs, props.mine).filter((f) => f !== 'deletedAt') : [];
  return (
    <section class="tl-conflict" role="alert" data-testid="entry-conflict">
      <p class="tl-conflict-title">{props.theirs ? t('conflictChanged') : t('conflictGone')}</p>
      {fields.length > 0 && props.theirs && (
        <table class="tl-conflict-table">
          <thead>
            <tr>
              <th scope="col">{t('conflictField')}</th>
              <th scope="col">{t('conflictTheirs')}</th>
              <th scope="col">{t('conflictMine')}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => (
              <tr key={f}>
                <th scope="row">{fieldLabel(f)}</th>
                <td>{fieldValueText(props.theirs!, f)}</td>
                <td>{fieldValueText(props.mine, f)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="tl-conflict-actions">
        <button type="button" class="tl-button tl-button-primary" data-testid="conflict-keep-mine" onClick={props.onKeepMine}>
          {t('conflictKeepMine')}
        </button>
        {props.theirs && props.onTakeTheirs && (
          <button type="button" class="tl-button" data-testid="conflict-take-theirs" onClick={props.onTakeTheirs}>
            {t('conflictTakeTheirs')}
          </button>
        )}
      </div>
    </section>
  );
}
