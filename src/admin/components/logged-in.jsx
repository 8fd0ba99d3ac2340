import React from 'react';
import { Box, CurrentUserNav } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

/**
 * AdminJS's top-bar user menu, except that logging out is a POST (the server refuses a GET, which
 * any other site could trigger with a link or an image).
 */
const LoggedIn = ({ session, paths }) => {
  const { translateButton } = useTranslation();
  const logout = (event) => {
    event.preventDefault();
    const form = document.createElement('form');
    form.method = 'POST';
    form.action = paths.logoutPath;
    document.body.appendChild(form);
    form.submit();
  };
  return (
    <Box flexShrink={0} data-css="logged-in">
      <CurrentUserNav name={session.email} title={session.title} dropActions={[{ label: translateButton('logout'), onClick: logout, icon: 'LogOut' }]} />
    </Box>
  );
};

export default LoggedIn;
