/**
 * The panel's dark theme: overrides of AdminJS's design-system colours, after the shape of
 * @adminjs/themes' dark theme (not used as a package: it would need its own bundle served).
 * `white` stays white: AdminJS writes button labels in it.
 */
export const darkTheme = {
  colors: {
    primary100: '#8B5CF6',
    primary80: '#9D74F7',
    primary60: '#B08FF9',
    primary40: '#6D4BC4',
    primary20: '#2A2340',
    accent: '#38BDF8',
    bg: '#10131B',
    border: '#2E3446',
    text: '#FFFFFF',
    container: '#171B26',
    sidebar: '#0C0F16',
    grey100: '#D5D9E3',
    grey80: '#B4BAC8',
    grey60: '#8C93A3',
    grey40: '#10131B',
    grey20: '#222838',
    filterBg: '#171B26',
    hoverBg: '#222838',
    inputBorder: 'rgba(145, 158, 171, 0.32)',
    errorLight: '#C20012',
    successLight: '#007D7F',
    warningLight: '#A14F17',
    infoLight: '#3040D6',
  },
  borders: { default: '1px solid #2E3446', input: '1px solid #2E3446' },
  shadows: {
    login: '0 15px 24px 0 rgba(0, 0, 0, 0.3)',
    cardHover: '0 4px 12px 0 rgba(0, 0, 0, 0.3)',
    drawer: '-2px 0 8px 0 rgba(0, 0, 0, 0.3)',
    card: '0 1px 6px 0 rgba(0, 0, 0, 0.3)',
  },
};
