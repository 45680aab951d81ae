/** The event the donation form sends on the window after a pledge, with the fund's slug as detail: the fund's progress on the page is read again. */
export const progressRefreshEvent = 'fund-progress:refresh';
