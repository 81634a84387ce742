@NullMarked
package org.p2psip.enrollment.account;

import org.jspecify.annotations.NullMarked;
