/** An accessible on/off switch: a checkbox with the switch role and a visible label. */
export function Switch(props: { label: string; checked: boolean; disabled?: boolean; testId?: string; onChange: (on: boolean) => void }) {
  return (
    <label class="tl-switch">
      <input
        type="checkbox"
        role="switch"
        data-testid={props.testId}
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <span class="tl-switch-track" aria-hidden="true" />
      <span>{props.label}</span>
    </label>
  );
}
